import Foundation
import Hummingbird
import IMSCore
import Mustache

/// Renders the server's HTML pages from the Mustache templates shipped in the module's resources.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: String
    /// What every page shows (council name, demo banner).
    let instance: InstanceDescription

    /// Loads the templates and stylesheet once at start-up.
    public static func load(instance: InstanceDescription) async throws -> PageRenderer {
        // The copied folders sit at the top of the module's resource bundle.
        let templates = Bundle.module.bundleURL.appendingPathComponent("templates")
        let assets = Bundle.module.bundleURL.appendingPathComponent("assets")
        guard FileManager.default.fileExists(atPath: templates.appendingPathComponent("home.mustache").path) else {
            throw ConfigurationError(key: "resources", "the IMSWeb resource bundle is missing its templates (\(templates.path))")
        }
        let library = try await MustacheLibrary(directory: templates.path)
        let stylesheet = try String(contentsOf: assets.appendingPathComponent("ims.css"), encoding: .utf8)
        return PageRenderer(library: library, stylesheet: stylesheet, instance: instance)
    }

    /// Renders a page; with a session, the header shows who is signed in and a sign-out button.
    func page(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok, session: StaffSession? = nil) -> Response {
        let html = html(template, values, session: session) ?? "<!doctype html><title>IMS</title><p>Page not available.</p>"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page's HTML, or nil when there is no such template.
    func html(_ template: String, _ values: [String: Any], session: StaffSession? = nil) -> String? {
        var merged = instance.templateValues.merging(values) { _, pageValue in pageValue }
        merged["hasErrors"] = !((values["errors"] as? [Any])?.isEmpty ?? true)
        merged["hasRefunds"] = !((values["refunds"] as? [Any])?.isEmpty ?? true)
        if let session {
            merged["signedIn"] = ["name": session.user.displayName ?? session.user.username, "csrf": session.csrfToken]
            merged["csrf"] = session.csrfToken
        }
        let welsh = merged["lang"] as? String == "cy"
        merged["systemMessages"] = SystemNotices.texts(at: session == nil ? .publicPages : .staffScreens, welsh: welsh)
        merged["receiptMessages"] = SystemNotices.texts(at: .receipts, welsh: welsh)
        return library.render(merged, withTemplate: template)
    }

    func errorPage(status: HTTPResponse.Status, message: String) -> Response {
        page("error", ["title": status.reasonPhrase, "status": status.code, "message": message], status: status)
    }
}

/// The home page: what this instance is.
enum HomePage {
    static func register(on routes: RouteTable, pages: PageRenderer, council: any CouncilStore) {
        routes.add(.get, "/", access: .open, "Home page: what this IMS instance is") { _, _ in
            // Read on each request: a council set up while IMS runs is taking payments at once.
            let configuration = try await council.configuration()
            return pages.page(
                "home",
                ["isConfigured": configuration.isReadyForPayments, "fundCount": configuration.funds.filter { !$0.isSuspense && !$0.isRetired }.count])
        }
        let stylesheet = pages.stylesheet
        routes.add(.get, "/assets/ims.css", access: .open, "The stylesheet") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: stylesheet)))
        }
    }
}

/// Facts about the running instance shown on the home page.
public struct InstanceDescription: Sendable {
    public let council: CouncilProfile
    public let environment: String
    public let databaseKind: String
    public let isDemo: Bool
    public let fundCount: Int

    public init(council: CouncilProfile, environment: String, databaseKind: String, isDemo: Bool, fundCount: Int) {
        self.council = council
        self.environment = environment
        self.databaseKind = databaseKind
        self.isDemo = isDemo
        self.fundCount = fundCount
    }

    var templateValues: [String: Any] {
        [
            "title": "Income Management System",
            "councilName": council.name,
            "address": council.address.joined(separator: ", "),
            "vatNumber": council.vatRegistrationNumber,
            "environment": environment,
            "database": databaseKind == "sqlite" ? "SQLite (embedded)" : "PostgreSQL",
            "isDemo": isDemo,
            "fundCount": fundCount,
            "brandColour": council.brandColour,
        ]
    }
}
