import AsyncHTTPClient
import Crypto
import Foundation
import IMSCore
import IMSServices
import Logging
import NIOCore
import NIOHTTP1

/// Signs webhook bodies: `IMS-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, so a
/// receiver can check the body came from IMS and refuse a replay of an old one.
public enum WebhookSignature {
    public static func header(body: String, secret: String, at time: Timestamp) -> String {
        let seconds = time.microsecondsSince1970 / 1_000_000
        return "t=\(seconds),v1=\(hex(body: body, secret: secret, seconds: seconds))"
    }

    public static func hex(body: String, secret: String, seconds: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(seconds).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }
}

/// Delivers webhooks to council services, retrying with growing waits for a day, and records every attempt.
struct WebhookSender: PeriodicWork {
    let database: any WebhookStore
    let clock: any WallClock
    let logger: Logger
    let name = "webhook delivery"
    let intervalSeconds = 5

    /// Waits after each failed attempt: 1 and 5 minutes, a quarter hour, 1, 3 and 6 hours, then every 6 hours
    /// until a day has passed since the payment finished.
    static let retryDelaysSeconds: [Int64] = [60, 300, 900, 3_600, 3 * 3_600, 6 * 3_600]
    static let giveUpAfterSeconds: Int64 = 24 * 3_600

    func runOnce() async throws {
        for delivery in try await database.claimDueWebhookDeliveries(limit: 50, leaseSeconds: 60) {
            try await deliver(delivery)
        }
    }

    func deliver(_ delivery: WebhookDelivery) async throws {
        guard let (url, secret) = try await database.webhook(of: delivery.service) else {
            try await database.recordWebhookAttempt(
                delivery.id, statusCode: nil, error: "the service has no webhook any more", durationMilliseconds: 0, delivered: false, retryAt: nil)
            return
        }
        let now = clock.now()
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "IMS-Webhooks/1")
        request.headers.add(name: "IMS-Signature", value: WebhookSignature.header(body: delivery.body, secret: secret, at: now))
        request.body = .bytes(ByteBuffer(string: delivery.body))
        let started = ContinuousClock.now
        var statusCode: Int?
        var failure: String?
        do {
            let response = try await ProviderHTTPClient.shared.execute(request, timeout: .seconds(10))
            statusCode = Int(response.status.code)
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(response.status.code) { failure = "HTTP \(response.status.code)" }
        } catch {
            failure = String(describing: error).prefix(300).description
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let retryAt = failure == nil ? nil : Self.nextAttempt(after: delivery.attempts + 1, firstQueuedAt: delivery.createdAt, now: now)
        try await database.recordWebhookAttempt(
            delivery.id, statusCode: statusCode, error: failure, durationMilliseconds: milliseconds, delivered: failure == nil, retryAt: retryAt)
        if let failure {
            logger.warning(
                "webhook not delivered",
                metadata: ["service": "\(delivery.service)", "payment": "\(PaymentService.redacted(delivery.paymentID))", "error": "\(failure)"])
        }
    }

    /// When to try again after `attempts` failures, or nil to give up (a day after the first try).
    static func nextAttempt(after attempts: Int, firstQueuedAt: Timestamp, now: Timestamp) -> Timestamp? {
        let delay = retryDelaysSeconds[min(max(attempts - 1, 0), retryDelaysSeconds.count - 1)]
        let next = now.adding(seconds: delay)
        let deadline = firstQueuedAt.adding(seconds: giveUpAfterSeconds)
        return next <= deadline ? next : nil
    }
}
