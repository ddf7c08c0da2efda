import Foundation
import Hummingbird
import HummingbirdTesting
import IMSCore
import IMSStore
import IMSWeb
import Testing

@Suite("Council set-up screens")
struct SetupScreenTests {
    static let families = ["funds", "methods", "vat-codes", "offices", "messages"]

    /// A fund with an old 8-digit Luhn format and a new 10-character one.
    static let newFund: [String: String] = [
        "code": "garg", "name": "Garage rents", "vat_code": "STD", "minimum": "1.00", "maximum": "2,500.50", "gl_code": "7001",
        "cost_centre": "HSG01", "routes:online": "1", "routes:counter": "1", "hint": "On your rent card",
        "format1_name": "old format", "format1_min_length": "8", "format1_max_length": "8", "format1_digits": "1", "format1_scheme": "luhn",
        "format1_weights": "", "format2_name": "new format (2024)", "format2_min_length": "10", "format2_max_length": "10",
        "format2_digits": "1", "format2_letters": "1", "format2_pattern": "GR[0-9]{8}", "format2_scheme": "none", "format3_name": "",
        "format3_scheme": "none",
    ]

    /// Submits an edit form as a browser would: with its CSRF token and the version of the item it showed.
    static func edit(_ browser: inout StaffBrowser, _ path: String, fields: [String: String]) async throws -> TestResponse {
        let form = try await browser.send(.get, path + "/edit")
        let version = try #require(Self.version(in: form.text), "no version on \(path)/edit")
        return try await browser.submit(path, from: path + "/edit", fields: fields.merging(["version": version]) { $1 })
    }

    static func version(in html: String) -> String? {
        guard let range = html.range(of: "name=\"version\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test("Without admin:funds every set-up screen is refused (403) and audited; fund groups' routes need admin:users instead")
    func permissions() async throws {
        try await TestServer.run { server, client in
            var viewer = StaffBrowser(client)
            try await viewer.signInAsDemoUser("income.officer")
            for path in ["/staff/setup", "/staff/setup/accounts", "/staff/setup/fund-groups"] + Self.families.map({ "/staff/setup/\($0)" }) {
                #expect(try await viewer.send(.get, path).status == .forbidden, "\(path)")
            }
            #expect(try await viewer.send(.get, "/staff/setup/funds/CTAX").status == .forbidden)
            #expect(try await viewer.send(.get, "/staff/setup/funds/new").status == .forbidden)

            // No built-in role holds admin:funds without admin:users, so the split is read from the route table,
            // which the gate enforces (the role matrix walks it).
            let setupRoutes = server.declarations.filter { $0.path.hasPrefix("/staff/setup") }
            #expect(setupRoutes.count >= 6 * 8 + 4)
            for route in setupRoutes {
                let needed: Permission = route.path.hasPrefix("/staff/setup/fund-groups") ? .adminUsers : .adminFunds
                #expect(route.access == .staff(needed), "\(route.method) \(route.path) is \(route.access)")
            }

            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            #expect(try await admin.send(.get, "/staff/setup/fund-groups/PARKING").status == .ok)
            for path in ["/staff/setup", "/staff/setup/accounts?text=77", "/staff/setup/fund-groups"] + Self.families.map({ "/staff/setup/\($0)" }) {
                #expect(try await admin.send(.get, path).status == .ok, "\(path)")
            }
            let index = try await admin.send(.get, "/staff/setup")
            #expect(index.text.contains("href=\"/staff/setup/funds\"") && index.text.contains("href=\"/staff/setup/fund-groups\""))
            #expect(try await admin.send(.get, "/staff/").text.contains("href=\"/staff/setup\""))
            #expect(try await viewer.send(.get, "/staff/").text.contains("href=\"/staff/setup\"") == false)
            let refused = try await server.database.auditEvents(AuditQuery(actor: "user:income.officer", action: "access.refused"))
            #expect(refused.map(\.target).contains("GET /staff/setup/fund-groups"))
        }
    }

    @Test("A fund made on the form is in the configuration, in the audit trail, and tries references against both its formats")
    func createFund() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            let created = try await admin.submit("/staff/setup/funds", from: "/staff/setup/funds/new", fields: Self.newFund)
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/staff/setup/funds/GARG?done=add")

            let fund = try #require(try await server.database.configuration().fund("GARG"))
            #expect(fund.name == "Garage rents")
            #expect(fund.minimumAmount == Money(pence: 100) && fund.maximumAmount == Money(pence: 250_050))
            #expect(fund.routes == [.online, .counter])
            #expect(fund.referenceValidator.formats.count == 2)
            #expect(fund.referenceValidator.formats[0].checkCharacter == .luhn)
            #expect(fund.referenceValidator.formats[1].characters == .lettersAndDigits)
            let events = try await server.database.auditEvents(AuditQuery(actor: "user:admin.sam", action: "fund.add"))
            #expect(events.map(\.target) == ["fund:GARG"])
            #expect(events.first?.before == nil && events.first?.after?.contains("Garage rents") == true)

            let old = try await admin.send(.get, "/staff/setup/funds/GARG?reference=1234+5674")
            #expect(old.text.contains("12345674 passes a format"))
            let new = try await admin.send(.get, "/staff/setup/funds/GARG?reference=gr12345678&amount=3000")
            #expect(new.text.contains("GR12345678 passes a format"))
            #expect(new.text.contains("A payment would be refused.") && new.text.contains("amount.over_maximum"))
            let wrong = try await admin.send(.get, "/staff/setup/funds/GARG?reference=12345675")
            #expect(wrong.text.contains("passes no format"))
            #expect(wrong.text.contains("Failed</strong> check character"))

            let list = try await admin.send(.get, "/staff/setup/funds")
            #expect(list.text.contains("Garage rents"))
        }
    }

    @Test("A refused fund form shows every problem, keeps what was typed and saves nothing; the whole-configuration check speaks too")
    func refusedFundForm() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            var fields = Self.newFund
            fields["name"] = ""
            fields["maximum"] = "12.345"
            fields["format1_scheme"] = "weighted"
            fields["format1_weights"] = "9,eight"
            fields["format1_substitutions"] = "10X"
            let bad = try await admin.submit("/staff/setup/funds", from: "/staff/setup/funds/new", fields: fields)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("There is a problem"))
            #expect(bad.text.contains("href=\"#name\"") && bad.text.contains("href=\"#maximum\"") && bad.text.contains("href=\"#format1_weights\""))
            #expect(bad.text.contains("href=\"#format1_modulus\"") && bad.text.contains("href=\"#format1_substitutions\""))
            #expect(bad.text.contains("value=\"12.345\"") && bad.text.contains("value=\"GR[0-9]{8}\""))
            #expect(try await server.database.configuration().fund("GARG") == nil)

            var unknownVAT = Self.newFund
            unknownVAT["vat_code"] = "XYZ"
            let refused = try await admin.submit("/staff/setup/funds", from: "/staff/setup/funds/new", fields: unknownVAT)
            #expect(refused.status == .unprocessableContent)
            #expect(
                refused.text.contains("fund GARG: vat_code &quot;XYZ&quot; is not one of the VAT codes")
                    || refused.text.contains("fund GARG: vat_code"))

            var taken = Self.newFund
            taken["code"] = "CTAX"
            let duplicate = try await admin.submit("/staff/setup/funds", from: "/staff/setup/funds/new", fields: taken)
            #expect(duplicate.status == .unprocessableContent)
            #expect(try await server.database.configuration().fund("CTAX")?.name == "Council Tax")
        }
    }

    @Test("Retiring a method of payment keeps it, marked retired, until it is reinstated; both are audited")
    func retireMethod() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            let retired = try await admin.submit("/staff/setup/methods/PO/retire", from: "/staff/setup/methods/PO", fields: [:])
            #expect(retired.status == .seeOther)
            #expect(try await server.database.configuration().methodOfPayment("PO")?.isRetired == true)
            let page = try await admin.send(.get, "/staff/setup/methods/PO?done=retire")
            #expect(page.text.contains("Reinstate method of payment"))
            #expect(page.text.contains("The method of payment was retired."))
            let reinstated = try await admin.submit("/staff/setup/methods/PO/reinstate", from: "/staff/setup/methods/PO", fields: [:])
            #expect(reinstated.status == .seeOther)
            #expect(try await server.database.configuration().methodOfPayment("PO")?.isRetired == false)
            // Newest first: the reinstatement, then the retirement, each with the method before and after.
            let events = try await server.database.auditEvents(AuditQuery(actor: "user:admin.sam")).filter { $0.target == "method:PO" }
            #expect(events.count == 2)
            #expect(events.last?.before?.contains("\"isRetired\":false") == true && events.last?.after?.contains("\"isRetired\":true") == true)
            #expect(events.first?.after?.contains("\"isRetired\":false") == true)
            #expect(try await admin.send(.get, "/staff/setup/methods/NOPE").status == .notFound)

            let edited = try await Self.edit(
                &admin, "/staff/setup/methods/PO",
                fields: [
                    "name": "Postal order", "minimum": "0.01", "maximum": "300", "refundable": "1", "clearing_account": "po", "routes:counter": "1",
                    "fee": "percentage", "fee_percentage": "1.25", "fee_bearer": "council",
                ])
            #expect(edited.status == .seeOther)
            let method = try #require(try await server.database.configuration().methodOfPayment("PO"))
            #expect(method.maximumAmount == Money(pence: 30_000) && method.clearingAccountCode == "PO" && method.routes == [.counter])
            #expect(method.cardFee == CardFeeRule(charge: .percentage(basisPoints: 125), bearer: .council))
        }
    }

    @Test("An edit form sent after someone else changed the item is refused (409) and shows the item as it is now")
    func staleEdit() async throws {
        try await TestServer.run { server, client in
            var sam = StaffBrowser(client)
            try await sam.signInAsDemoUser("admin.sam")
            let form = try await sam.send(.get, "/staff/setup/offices/CONTACT/edit")
            let version = try #require(Self.version(in: form.text))
            var priya = StaffBrowser(client)
            try await priya.signInAsDemoUser("admin.priya")
            let theirs = try await Self.edit(&priya, "/staff/setup/offices/CONTACT", fields: ["name": "Contact centre", "tills": "P1"])
            #expect(theirs.status == .seeOther)

            let mine = try await sam.submit(
                "/staff/setup/offices/CONTACT", from: "/staff/setup/offices", fields: ["name": "Call centre", "tills": "", "version": version])
            #expect(mine.status == .conflict)
            #expect(mine.text.contains("changed by someone else") && mine.text.contains("value=\"P1\""))
            let office = try #require(try await server.database.configuration().offices.first { $0.code == "CONTACT" })
            #expect(office.name == "Contact centre" && office.tills == ["P1"])
            let again = try await Self.edit(&sam, "/staff/setup/offices/CONTACT", fields: ["name": "Call centre", "tills": "P1"])
            #expect(again.status == .seeOther)
            #expect(try await server.database.configuration().offices.first { $0.code == "CONTACT" }?.name == "Call centre")
        }
    }

    @Test("A VAT rate added from a future day leaves today's rate in force; a day gone by is refused")
    func futureVATRate() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            let today = VATRate.day(of: server.clock.now())
            let added = try await admin.submit(
                "/staff/setup/vat-codes/STD/rates", from: "/staff/setup/vat-codes/STD", fields: ["effective_from": "2027-04-01", "rate": "22.5"])
            #expect(added.status == .seeOther)
            let code = try #require(try await server.database.configuration().vatCodesByCode["STD"])
            #expect(code.rates.count == 5)
            #expect(code.inForce(onDay: today).rateBasisPoints == 2000)
            #expect(code.inForce(onDay: "2027-04-01").rateBasisPoints == 2250)
            #expect(code.inForce(onDay: "2009-06-01").rateBasisPoints == 1500)

            let past = try await admin.submit(
                "/staff/setup/vat-codes/STD/rates", from: "/staff/setup/vat-codes/STD", fields: ["effective_from": "2020-01-01", "rate": "25"])
            #expect(past.status == .unprocessableContent)
            #expect(past.text.contains("the rates of days gone by stay as they were"))
            #expect(try await server.database.configuration().vatCodesByCode["STD"]?.rates.count == 5)
            let page = try await admin.send(.get, "/staff/setup/vat-codes/STD")
            #expect(page.text.contains("22.5%") && page.text.contains("In force today") && page.text.contains("<h1>VAT code STD"))

            // The edit form changes the name only: a treatment sent anyway does not turn the history to 0%.
            let renamed = try await Self.edit(&admin, "/staff/setup/vat-codes/STD", fields: ["name": "Standard", "treatment": "exempt"])
            #expect(renamed.status == .seeOther)
            let after = try #require(try await server.database.configuration().vatCodesByCode["STD"])
            #expect(after.name == "Standard" && after.treatment == .standard && after.rates == code.rates)
        }
    }

    @Test("Offices, fund groups and system messages are added and changed on their forms")
    func otherFamilies() async throws {
        try await TestServer.run { server, client in
            var admin = StaffBrowser(client)
            try await admin.signInAsDemoUser("admin.sam")
            let office = try await admin.submit(
                "/staff/setup/offices", from: "/staff/setup/offices/new",
                fields: ["code": "depot", "name": "Depot", "address": "Depot Road\nDemotown", "tills": "T1, t2"])
            #expect(office.status == .seeOther)
            #expect(try await server.database.configuration().offices.first { $0.code == "DEPOT" }?.tills == ["T1", "T2"])
            let group = try await admin.submit(
                "/staff/setup/fund-groups", from: "/staff/setup/fund-groups/new",
                fields: ["code": "BINS", "name": "Waste team", "funds:BINS": "1", "directory_groups": "ims-waste"])
            #expect(group.status == .seeOther)
            #expect(try await server.database.configuration().fundGroups.first { $0.code == "BINS" }?.funds == ["BINS"])
            let message = try await admin.submit(
                "/staff/setup/messages", from: "/staff/setup/messages/new",
                fields: ["code": "XMAS", "placement": "public", "text": "Closed on 25 December", "welsh_text": ""])
            #expect(message.status == .seeOther)
            #expect(try await server.database.configuration().systemMessages.first { $0.code == "XMAS" }?.placement == .publicPages)
            let noText = try await Self.edit(&admin, "/staff/setup/messages/XMAS", fields: ["placement": "public", "text": " "])
            #expect(noText.status == .unprocessableContent)
            let accounts = try await admin.send(.get, "/staff/setup/accounts?text=nobody")
            #expect(accounts.status == .ok && accounts.text.contains("No accounts match"))
        }
    }
}
