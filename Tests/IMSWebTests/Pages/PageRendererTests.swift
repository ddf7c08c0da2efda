import Foundation
import Hummingbird
import IMSCore
import Testing

@testable import IMSWeb

@Suite("Page templates")
struct PageRendererTests {
    static let templates = [
        "home", "error", "message", "sign-in", "dev-sign-in", "staff-home", "api-keys", "audit", "refund-find", "refund", "staff-payment-find",
        "staff-payment",
    ]

    @Test("Every template loads and renders a whole page", arguments: templates)
    func rendersEveryTemplate(name: String) async throws {
        let renderer = try await PageRenderer.load(
            instance: InstanceDescription(
                council: DemoCouncil.profile, environment: "development", databaseKind: "sqlite", isDemo: true, fundCount: 8))
        let html = try #require(renderer.html(name, ["title": "A title", "message": "A message"]), "no template \(name)")
        #expect(html.contains("<main id=\"main\""), "\(name): \(html.prefix(200))")
        #expect(html.contains("Demo Borough Council"))
        #expect(html.hasSuffix("</html>\n"))
    }
}
