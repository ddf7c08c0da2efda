import Foundation
import HTTPTypes
import Hummingbird
import IMSCore
import Logging
import NIOCore

/// The hosted card page the payer's browser is sent to (`next_url`): `GET /pay/{token}` shows the form,
/// `POST /pay/{token}` takes a test card and applies its documented outcome, `POST /pay/{token}/cancel`
/// cancels. Finished payments send the browser to the payment's `return_url`, where IMS asks the API what
/// happened: the redirect itself carries no outcome.
///
/// PCI: the form body is read into memory, checked and dropped. The card number and security code are
/// never stored, logged, or written into any response; the payment keeps the brand, last 4 and expiry.
struct SandboxCardPage: Sendable {
    let store: SandboxPaymentStore
    let clock: any WallClock
    let logger: Logger

    func register<Routes: RouterMethods>(on routes: Routes) {
        routes.get("pay/:token") { request, context in try await self.show(request, token: context.parameters.get("token") ?? "") }
        routes.post("pay/:token") { request, context in try await self.submit(request, token: context.parameters.get("token") ?? "") }
        routes.post("pay/:token/cancel") { request, context in try await self.cancel(request, token: context.parameters.get("token") ?? "") }
        routes.get("assets/sandbox.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: SandboxStylesheet.css)))
        }
    }

    private func show(_ request: Request, token: String) async throws -> Response {
        let paths = Self.paths(request, token: token)
        guard let payment = await store.payment(pageToken: token, now: clock.now()) else {
            return Self.page(.notFound, SandboxCardPageHTML.notFound(stylesheet: paths.stylesheet), returnURL: nil)
        }
        guard !payment.status.isFinished else { return Self.redirect(to: payment.returnURL) }
        let opened =
            await store.update(id: payment.id, now: clock.now()) { current in
                let next = current.opened()
                return (Optional(next), next)
            } ?? payment
        guard !opened.status.isFinished else { return Self.redirect(to: opened.returnURL) }
        return Self.page(.ok, SandboxCardPageHTML.form(payment: opened, paths: paths), returnURL: opened.returnURL)
    }

    private func submit(_ request: Request, token: String) async throws -> Response {
        let paths = Self.paths(request, token: token)
        // Read before anything else so the body never outlives this call; it is never logged or echoed.
        let body = String(buffer: try await request.body.collect(upTo: SandboxCardForm.maxBodyBytes))
        let now = clock.now()
        guard let payment = await store.payment(pageToken: token, now: now) else {
            return Self.page(.notFound, SandboxCardPageHTML.notFound(stylesheet: paths.stylesheet), returnURL: nil)
        }
        guard !payment.status.isFinished else { return Self.redirect(to: payment.returnURL) }
        switch SandboxCardForm.check(body: body, now: now) {
        case .refused(let problems, let kept):
            logger.info(
                "sandbox card form refused",
                metadata: [
                    "payment_id": "\(payment.id)", "fields": "\(problems.map(\.field.rawValue).joined(separator: ","))",
                ])
            let html = SandboxCardPageHTML.form(payment: payment, paths: paths, problems: problems, kept: kept)
            return Self.page(.unprocessableContent, html, returnURL: payment.returnURL)
        case .accepted(let testCard, let expiry):
            let finished =
                await store.update(id: payment.id, now: now) { current in
                    let next = current.paid(with: testCard, expiry: expiry, at: now)
                    return (next, next)
                } ?? nil
            if let finished {
                logger.info(
                    "sandbox card payment finished",
                    metadata: [
                        "payment_id": "\(finished.id)", "status": "\(finished.status.rawValue)", "code": "\(finished.failure?.code ?? "")",
                    ])
            }
            return Self.redirect(to: payment.returnURL)
        }
    }

    private func cancel(_ request: Request, token: String) async throws -> Response {
        let paths = Self.paths(request, token: token)
        guard let payment = await store.payment(pageToken: token, now: clock.now()) else {
            return Self.page(.notFound, SandboxCardPageHTML.notFound(stylesheet: paths.stylesheet), returnURL: nil)
        }
        _ = await store.update(id: payment.id, now: clock.now()) { current in
            let next = current.cancelled(byPayer: true)
            return (next, next != nil)
        }
        logger.info("sandbox payment cancelled by the payer", metadata: ["payment_id": "\(payment.id)"])
        return Self.redirect(to: payment.returnURL)
    }

    /// Absolute paths under wherever the sandbox is mounted, found from this request's own path.
    private static func paths(_ request: Request, token: String) -> SandboxCardPageHTML.Paths {
        let path = request.uri.path
        let mount = path.range(of: "/pay/", options: .backwards).map { String(path[..<$0.lowerBound]) } ?? ""
        return SandboxCardPageHTML.Paths(
            form: "\(mount)/pay/\(token)", cancel: "\(mount)/pay/\(token)/cancel", stylesheet: "\(mount)/assets/sandbox.css")
    }

    /// A page that is never cached, never framed, sends no referrer (its address holds the page token) and
    /// may only post its forms to the sandbox and the service's return address.
    private static func page(_ status: HTTPResponse.Status, _ html: String, returnURL: String?) -> Response {
        let returnOrigin = returnURL.flatMap(origin(of:)).map { " \($0)" } ?? ""
        return Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                .contentSecurityPolicy:
                    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'\(returnOrigin); frame-ancestors 'none'; base-uri 'none'",
                .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "no-referrer",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// 303: the browser follows with a GET, so a refresh cannot post the form again.
    private static func redirect(to url: String) -> Response {
        Response(status: .seeOther, headers: [.location: url, .cacheControl: "no-store", HTTPField.Name("Referrer-Policy")!: "no-referrer"])
    }

    private static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        return "\(scheme)://\(host)\(components.port.map { ":\($0)" } ?? "")"
    }
}
