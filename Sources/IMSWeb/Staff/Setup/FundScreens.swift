import Hummingbird
import IMSCore
import IMSServices

/// Funds: what money is for, how its references are checked, its VAT, where it lands in the general ledger,
/// the ways in that may take it and within which limits. A fund's page has "try a reference".
enum FundScreens: SetupFamily {
    static let path = "funds"
    static let title = "Funds"
    static let singular = "fund"
    static let permission = Permission.adminFunds
    static let codeLength = 5
    static let columns = ["VAT code", "Ways in", "Reference formats"]

    static func items(in configuration: CouncilConfiguration) -> [Fund] { configuration.funds }
    static func code(of item: Fund) -> String { item.code.rawValue }
    static func name(of item: Fund) -> String { item.name }
    static func isRetired(_ item: Fund) -> Bool { item.isRetired }
    static func saved(_ item: Fund) -> CouncilSetup.Item { .fund(item) }

    static func setting(_ item: Fund, retired: Bool) -> Fund {
        var item = item
        item.isRetired = retired
        return item
    }

    static func cells(_ item: Fund, in configuration: CouncilConfiguration) -> [String] {
        [item.vatCode, MethodScreens.routesText(item.routes), String(item.referenceValidator.formats.count)]
    }

    static func summary(_ item: Fund, in configuration: CouncilConfiguration) -> [(String, String)] {
        let vat = configuration.vatCodesByCode[item.vatCode].map { "\($0.name) (\(item.vatCode))" } ?? item.vatCode
        var rows: [(String, String)] = [
            ("Name", item.name), ("Description", item.description ?? "None"), ("VAT code", vat),
            ("Least per payment", item.minimumAmount?.formatted ?? "No limit"), ("Most per payment", item.maximumAmount?.formatted ?? "No limit"),
            ("General ledger code", item.glCode), ("Cost centre", item.costCentre), ("Ways in", MethodScreens.routesText(item.routes)),
            ("Asks for the payer's address", item.asksAddress ? "Yes" : "No"),
            ("Reference must match a loaded account", item.accountMustExist ? "Yes" : "No"),
            ("References hidden in logs", item.hidesReferencesInLogs ? "Yes" : "No"),
            ("On stop", item.onStopMessage.map { "Yes: \($0)" } ?? "No"), ("Reference hint", item.referenceValidator.hint ?? "None"),
        ]
        if item.isSuspense { rows.append(("Suspense fund", "Yes: unmatched income waits here")) }
        for (index, format) in item.referenceValidator.formats.enumerated() {
            rows.append((format.name ?? "Reference format \(index + 1)", format.summary + (format.example.map { ", for example \($0)" } ?? "")))
        }
        return rows
    }

    static func sections(_ item: Fund?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection] {
        let vatCodes = configuration.vatCodes.filter { !$0.isRetired || $0.code == item?.vatCode }.map {
            SetupOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == (item?.vatCode ?? "OUT"))
        }
        let flags = [
            ("asks_address", "Ask for the payer's address", item?.asksAddress ?? false),
            ("account_must_exist", "A reference must match an account the council has loaded", item?.accountMustExist ?? false),
            ("hides_references", "Keep references out of the logs (they name people)", item?.hidesReferencesInLogs ?? false),
        ]
        var fields = [
            SetupField(name: "name", label: "Name", value: item?.name ?? ""),
            SetupField(
                name: "description", label: "Description", hint: "What payers read about the fund; optional", kind: .textarea,
                value: item?.description ?? ""),
            SetupField(name: "vat_code", label: "VAT code", kind: .select(vatCodes)),
            SetupField(
                name: "minimum", label: "Least per payment", hint: "In pounds, like 1.00; leave empty for no limit",
                value: Money.formText(item?.minimumAmount), isShort: true),
            SetupField(
                name: "maximum", label: "Most per payment", hint: "In pounds, like 10000.00; leave empty for no limit",
                value: Money.formText(item?.maximumAmount), isShort: true),
            SetupField(name: "gl_code", label: "General ledger code", value: item?.glCode ?? "", isShort: true),
            SetupField(name: "cost_centre", label: "Cost centre", value: item?.costCentre ?? "", isShort: true),
            SetupField.routes(item?.routes ?? Set(PaymentRoute.allCases)),
        ]
        fields += flags.map { SetupField(name: $0.0, label: $0.1, kind: .checkbox, checked: $0.2) }
        fields.append(
            SetupField(
                name: "on_stop_message", label: "On stop",
                hint: "To stop the fund taking payments, the reason payers are told; empty when it takes them",
                value: item?.onStopMessage ?? ""))
        fields.append(
            SetupField(
                name: "hint", label: "Reference hint", hint: "Shown beside the reference box, like “9 digits starting 77, on your bill”",
                value: item?.referenceValidator.hint ?? ""))
        let main = SetupSection(fields: fields)
        return [main.refilled(from: form)] + ReferenceFormatForm.sections(item?.referenceValidator.formats ?? [], typed: form)
    }

    static func parse(_ reader: inout SetupFormReader, code: String, existing: Fund?, in configuration: CouncilConfiguration) -> Fund {
        var fundCode: FundCode = existing?.code ?? "X"
        if existing == nil, !code.isEmpty, !reader.errors.contains(where: { $0.field == "code" }) {
            do { fundCode = try FundCode(parsing: code, field: "code") } catch { reader.fail("code", error.reason) }
        }
        let name = reader.required("name", "a name")
        let vatCode = reader.required("vat_code", "a VAT code", maximumLength: 10)
        let minimum = reader.money("minimum")
        let maximum = reader.money("maximum")
        let glCode = reader.required("gl_code", "the general ledger code", maximumLength: 20)
        let costCentre = reader.required("cost_centre", "the cost centre", maximumLength: 20)
        let routes = reader.routes()
        let formats = ReferenceFormatForm.parse(&reader)
        return Fund(
            code: fundCode, name: name, description: reader.optional("description", maximumLength: 1000), vatCode: vatCode, minimumAmount: minimum,
            maximumAmount: maximum, glCode: glCode, costCentre: costCentre,
            referenceValidator: ReferenceValidator(formats: formats, hint: reader.optional("hint", maximumLength: 200)), routes: routes,
            asksAddress: reader.flag("asks_address"), accountMustExist: reader.flag("account_must_exist"),
            onStopMessage: reader.optional("on_stop_message", maximumLength: 500), hidesReferencesInLogs: reader.flag("hides_references"),
            isRetired: existing?.isRetired ?? false, isSuspense: existing?.isSuspense ?? false)
    }

    static func detail(_ item: Fund, request: Request, screens: SetupContext) async throws -> [String: Any] {
        try await FundTrial.values(item, request: request, accounts: screens.database)
    }
}
