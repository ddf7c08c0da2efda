import IMSCore
import IMSServices

/// Fund groups: the funds a directory group's members are limited to (the parking team sees only parking).
/// Who sees what is a matter of users' rights, so these screens need `admin:users`, not `admin:funds`.
enum FundGroupScreens: SetupFamily {
    static let path = "fund-groups"
    static let title = "Fund groups"
    static let singular = "fund group"
    static let permission = Permission.adminUsers
    static let codeLength = 20
    static let columns = ["Funds", "Directory groups"]

    static func items(in configuration: CouncilConfiguration) -> [FundGroup] { configuration.fundGroups }
    static func code(of item: FundGroup) -> String { item.code }
    static func name(of item: FundGroup) -> String { item.name }
    static func isRetired(_ item: FundGroup) -> Bool { item.isRetired }
    static func saved(_ item: FundGroup) -> CouncilSetup.Item { .fundGroup(item) }

    static func setting(_ item: FundGroup, retired: Bool) -> FundGroup {
        var item = item
        item.isRetired = retired
        return item
    }

    static func cells(_ item: FundGroup, in configuration: CouncilConfiguration) -> [String] {
        [item.funds.map(\.rawValue).joined(separator: ", "), item.directoryGroups.joined(separator: ", ")]
    }

    static func summary(_ item: FundGroup, in configuration: CouncilConfiguration) -> [(String, String)] {
        [
            ("Name", item.name),
            ("Funds", item.funds.map { code in configuration.fund(code).map { "\($0.name) (\(code))" } ?? code.rawValue }.joined(separator: ", ")),
            ("Directory groups", item.directoryGroups.isEmpty ? "None" : item.directoryGroups.joined(separator: ", ")),
        ]
    }

    static func sections(_ item: FundGroup?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection] {
        let chosen = Set(item?.funds ?? [])
        let funds = configuration.funds.filter { !$0.isSuspense }.map {
            SetupOption(
                value: $0.code.rawValue, label: "\($0.name) (\($0.code))\($0.isRetired ? ", retired" : "")", selected: chosen.contains($0.code))
        }
        return [
            SetupSection(fields: [
                SetupField(name: "name", label: "Name", value: item?.name ?? ""),
                SetupField(
                    name: "funds", label: "Funds", hint: "Members of the directory groups see and act on these funds only", kind: .checkboxes(funds)),
                SetupField(
                    name: "directory_groups", label: "Directory groups", hint: "As the sign-in's groups claim names them, one a line",
                    kind: .textarea, value: item?.directoryGroups.joined(separator: "\n") ?? ""),
            ]).refilled(from: form)
        ]
    }

    static func parse(_ reader: inout SetupFormReader, code: String, existing: FundGroup?, in configuration: CouncilConfiguration) -> FundGroup {
        let name = reader.required("name", "a name")
        var funds: [FundCode] = []
        for text in reader.ticked("funds") {
            if let code = try? FundCode(parsing: text, field: "funds") { funds.append(code) }
        }
        if funds.isEmpty { reader.fail("funds", "Choose at least one fund") }
        return FundGroup(
            code: code, name: name, funds: funds, directoryGroups: reader.lines("directory_groups", limit: 50),
            isRetired: existing?.isRetired ?? false)
    }
}
