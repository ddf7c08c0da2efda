import IMSCore
import IMSInterchange
import Testing

@Suite("Account holders' file")
struct AccountHolderFileTests {
    static let council = DemoCouncil.configuration

    @Test("Good rows are read, each bad row is refused with its line and reason, and nothing is guessed")
    func rows() throws {
        let csv = """
            fund,reference,name,address,postcode,balance,on_stop
            CTAX,771234564,Ada Lovelace,1 High Street,dm1 1aa,"1,234.56",
            CTAX,771234565,Wrong Check,2 High Street,DM1 1AB,0.00,N
            NOPE,12345,No Fund,3 High Street,DM1 1AC,,
            CTAX,771234572,,4 High Street,DM1 1AD,,
            ctax, 771 234 564 ,Ada Again,1 High Street,DM1 1AA,,
            NNDR,561234566,Corner Shop Ltd,5 Market Place,DM2 2AA,-12.50,Y
            PARK,DM12345678,Jo Driver,,,12.345,
            PARK,DM87654321,Sam Driver,,,,Bailiff action: call 01234 567890

            """
        let contents = try AccountHolderFile.read(Array(csv.utf8), mapping: AccountHolderMapping(), configuration: Self.council)
        #expect(contents.holders.map(\.reference.value) == ["771234564", "561234566", "DM87654321"])
        let ada = try #require(contents.holders.first)
        #expect(ada.name == "Ada Lovelace" && ada.address == ["1 High Street"] && ada.postcode == "DM1 1AA")
        #expect(ada.balance == Money(pence: 123_456) && ada.onStopReason == nil)
        #expect(contents.holders[1].balance == Money(pence: -1_250))
        #expect(contents.holders[1].onStopReason == AccountHolder.defaultOnStopReason)
        #expect(contents.holders[2].onStopReason == "Bailiff action: call 01234 567890")
        #expect(contents.rejections.map(\.line) == [3, 4, 5, 6, 8])
        #expect(contents.rejections[0].reason.contains("not valid"))
        #expect(contents.rejections[1].reason.contains("NOPE is not one of the council's funds"))
        #expect(contents.rejections[2].reason.contains("name is empty"))
        #expect(contents.rejections[3].reason.contains("repeats the account 771234564 of CTAX on line 2"))
        #expect(contents.rejections[4].reason.contains("fraction of a penny"))
    }

    @Test("A mapping renames columns, joins address columns and gives the fund of a one-fund file")
    func mapping() throws {
        let csv = """
            AccountNo,Surname,Addr1,Addr2,Post Code
            771234564,Lovelace,1 High Street,Demotown,DM1 1AA

            """
        let mapping = try AccountHolderMapping(
            parsing: "reference=AccountNo,name=Surname,address=Addr1+Addr2,postcode=Post Code,balance=,on_stop=", fund: "CTAX")
        let contents = try AccountHolderFile.read(Array(csv.utf8), mapping: mapping, configuration: Self.council)
        #expect(contents.rejections.isEmpty)
        #expect(
            contents.holders == [
                AccountHolder(
                    fundCode: "CTAX", reference: AccountReference(normalising: "771234564"), name: "Lovelace",
                    address: ["1 High Street", "Demotown"], postcode: "DM1 1AA")
            ])
    }

    @Test(
        "A mapping or header that cannot work stops the whole file before anything is read",
        arguments: [
            ("reference=Nope", "fund,name\n", "no column Nope"),
            ("", "fund,name,address\n", "no column reference"),
            ("colour=Red", "fund,reference,name,address\n", "colour is not one of"),
            ("fund=", "reference,name,address\n", "name the fund column"),
            ("", "", "empty"),
        ])
    func refusedWhole(map: String, csv: String, mentioned: String) {
        #expect {
            let mapping = map.isEmpty ? AccountHolderMapping() : try AccountHolderMapping(parsing: map, fund: nil)
            _ = try AccountHolderFile.read(Array(csv.utf8), mapping: mapping, configuration: Self.council)
        } throws: { error in
            guard let error = error as? IMSError else { return false }
            return error.code == .accountFileInvalid && error.reason.contains(mentioned)
        }
    }
}
