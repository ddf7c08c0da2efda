import IMSCore
import IMSServices

/// Council offices where money is taken, with the address their slips and receipts print and their tills.
enum OfficeScreens: SetupFamily {
    static let path = "offices"
    static let title = "Offices"
    static let singular = "office"
    static let permission = Permission.adminFunds
    static let columns = ["Tills"]

    static func items(in configuration: CouncilConfiguration) -> [Office] { configuration.offices }
    static func code(of item: Office) -> String { item.code }
    static func name(of item: Office) -> String { item.name }
    static func isRetired(_ item: Office) -> Bool { item.isRetired }
    static func saved(_ item: Office) -> CouncilSetup.Item { .office(item) }

    static func setting(_ item: Office, retired: Bool) -> Office {
        var item = item
        item.isRetired = retired
        return item
    }

    static func cells(_ item: Office, in configuration: CouncilConfiguration) -> [String] {
        [item.tills.isEmpty ? "None" : item.tills.joined(separator: ", ")]
    }

    static func summary(_ item: Office, in configuration: CouncilConfiguration) -> [(String, String)] {
        [
            ("Name", item.name), ("Address", item.address.isEmpty ? "None" : item.address.joined(separator: ", ")),
            ("Tills", item.tills.isEmpty ? "None" : item.tills.joined(separator: ", ")),
        ]
    }

    static func sections(_ item: Office?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection] {
        [
            SetupSection(fields: [
                SetupField(name: "name", label: "Name", value: item?.name ?? ""),
                SetupField(
                    name: "address", label: "Address", hint: "One line each, as slips and receipts print it", kind: .textarea,
                    value: item?.address.joined(separator: "\n") ?? ""),
                SetupField(
                    name: "tills", label: "Tills", hint: "The tills' codes, separated by commas, like T1, T2",
                    value: item?.tills.joined(separator: ", ") ?? ""),
            ]).refilled(from: form)
        ]
    }

    static func parse(_ reader: inout SetupFormReader, code: String, existing: Office?, in configuration: CouncilConfiguration) -> Office {
        let name = reader.required("name", "a name")
        let tills = reader.list("tills").map { $0.uppercased() }
        let isTill = { (till: String) in till.count <= 10 && till.allSatisfy { $0.isASCIIDigitCharacter || $0.isASCIILetterCharacter || $0 == "-" } }
        if !tills.allSatisfy(isTill) { reader.fail("tills", "A till's code must be up to 10 letters, digits or -") }
        if Set(tills).count != tills.count { reader.fail("tills", "A till is named twice") }
        return Office(code: code, name: name, address: reader.lines("address"), tills: tills, isRetired: existing?.isRetired ?? false)
    }
}
