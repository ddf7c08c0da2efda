import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSWeb
import Testing

@Suite("System messages")
struct SystemMessageTests {
    @Test("A public message shows on the public pages (in Welsh on Welsh pages), a staff message on staff screens, at once; retired, neither")
    func placements() async throws {
        try await TestServer.run { server, client in
            let setup = CouncilSetup(store: server.database)
            let officer = Requester(.commandLine("olu"), address: nil)
            let closure = SystemMessage(
                code: "XMAS", placement: .publicPages, text: "Card payments by phone stop at noon on 24 December.",
                welshText: "Mae taliadau cerdyn dros y ffôn yn dod i ben am hanner dydd ar 24 Rhagfyr.")
            try await setup.save(.systemMessage(closure), by: officer)
            try await setup.save(
                .systemMessage(SystemMessage(code: "TILLS", placement: .staffScreens, text: "Tills close early today.")), by: officer)

            var payer = StaffBrowser(client)
            let english = try await payer.send(.get, "/pay").text
            #expect(
                english.contains("<div class=\"inset system-message\" role=\"note\"><p>Card payments by phone stop at noon on 24 December.</p></div>")
            )
            #expect(!english.contains("Tills close early"))
            #expect(try await payer.send(.get, "/pay?lang=cy").text.contains("hanner dydd ar 24 Rhagfyr"))
            #expect(try await client.execute(uri: "/", method: .get).text.contains("stop at noon on 24 December"))

            var cashier = StaffBrowser(client)
            try await cashier.signInAsDemoUser("cashier.alice")
            let staffHome = try await cashier.send(.get, "/staff/").text
            #expect(staffHome.contains("Tills close early today.") && !staffHome.contains("stop at noon"))

            var retired = closure
            retired.isRetired = true
            try await setup.save(.systemMessage(retired), by: officer)
            #expect(!(try await payer.send(.get, "/pay").text.contains("stop at noon")))
        }
    }
}
