import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSServices
import IMSStore
import IMSWeb
import Testing

@Suite("Payment pages and the council's accounts")
struct AccountCheckPagesTests {
    @Test("Where a fund needs a loaded account, the payer hears at once that the reference is unknown, or the council's reason for a stop")
    func accounts() async throws {
        try await TestServer.run { server, client in
            var configuration = try await server.database.configuration()
            let index = try #require(configuration.funds.firstIndex { $0.code == "CTAX" })
            configuration.funds[index].accountMustExist = true
            try await CouncilSetup(store: server.database).save(.fund(configuration.funds[index]), by: Requester(.commandLine("olu"), address: nil))
            let holders = [
                AccountHolder(fundCode: "CTAX", reference: AccountReference(normalising: "771234564"), name: "Ada"),
                AccountHolder(
                    fundCode: "CTAX", reference: AccountReference(normalising: "771234572"), name: "Bob",
                    onStopReason: "Please call 01234 567890 about this account"),
            ]
            _ = try await AccountHolderImport(store: server.database).load(
                fileName: "ctax.csv", digest: "d", holders: holders, rejected: 0, by: Requester(.commandLine("olu"), address: nil))

            var payer = StaffBrowser(client)
            let unknown = try await payer.addItem(fund: "CTAX", reference: "771234580", amount: "10")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("We cannot find a Council Tax account with that reference"))
            let onStop = try await payer.addItem(fund: "CTAX", reference: "771234572", amount: "10")
            #expect(onStop.status == .unprocessableContent && onStop.text.contains("Please call 01234 567890 about this account"))
            let known = try await payer.addItem(fund: "CTAX", reference: "771234564", amount: "10")
            #expect(known.status == .seeOther, "\(known.text.components(separatedBy: "error-summary").dropFirst().first?.prefix(400) ?? "")")
        }
    }
}
