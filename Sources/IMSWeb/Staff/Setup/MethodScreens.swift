import Foundation
import IMSCore
import IMSServices

/// Methods of payment: card, cash, cheque…, each with its limits, its card fee rule, its clearing account
/// and the ways in that may use it.
enum MethodScreens: SetupFamily {
    static let path = "methods"
    static let title = "Methods of payment"
    static let singular = "method of payment"
    static let permission = Permission.adminFunds
    static let columns = ["Clearing account", "Ways in"]

    static func items(in configuration: CouncilConfiguration) -> [MethodOfPayment] { configuration.methodsOfPayment }
    static func code(of item: MethodOfPayment) -> String { item.code }
    static func name(of item: MethodOfPayment) -> String { item.name }
    static func isRetired(_ item: MethodOfPayment) -> Bool { item.isRetired }
    static func saved(_ item: MethodOfPayment) -> CouncilSetup.Item { .method(item) }

    static func setting(_ item: MethodOfPayment, retired: Bool) -> MethodOfPayment {
        var item = item
        item.isRetired = retired
        return item
    }

    static func cells(_ item: MethodOfPayment, in configuration: CouncilConfiguration) -> [String] {
        [item.clearingAccountCode, routesText(item.routes)]
    }

    static func summary(_ item: MethodOfPayment, in configuration: CouncilConfiguration) -> [(String, String)] {
        [
            ("Name", item.name), ("Least per payment", item.minimumAmount?.formatted ?? "No limit"),
            ("Most per payment", item.maximumAmount?.formatted ?? "No limit"), ("Refundable", item.isRefundable ? "Yes" : "No"),
            ("Card fee", feeText(item.cardFee)), ("Clearing account", item.clearingAccountCode), ("Ways in", routesText(item.routes)),
        ]
    }

    static func feeText(_ fee: CardFeeRule) -> String {
        let bearer = fee.bearer == .payer ? "charged to the payer" : "absorbed by the council"
        switch fee.charge {
        case .none: return "None"
        case .fixed(let amount): return "\(amount.formatted), \(bearer)"
        case .percentage(let basisPoints): return "\(VATCode.rateText(basisPoints)), \(bearer)"
        }
    }

    static func sections(_ item: MethodOfPayment?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection] {
        let fee = item?.cardFee ?? .none
        var charge = "none"
        var feeAmount = ""
        var feePercentage = ""
        switch fee.charge {
        case .none: break
        case .fixed(let amount): (charge, feeAmount) = ("fixed", Money.formText(amount))
        case .percentage(let basisPoints):
            (charge, feePercentage) = ("percentage", VATCode.rateText(basisPoints).replacingOccurrences(of: "%", with: ""))
        }
        let main = SetupSection(fields: [
            SetupField(name: "name", label: "Name", value: item?.name ?? ""),
            SetupField(
                name: "minimum", label: "Least per payment", hint: "In pounds, like 0.01; leave empty for no limit",
                value: Money.formText(item?.minimumAmount), isShort: true),
            SetupField(
                name: "maximum", label: "Most per payment", hint: "In pounds, like 10000.00; leave empty for no limit",
                value: Money.formText(item?.maximumAmount), isShort: true),
            SetupField(name: "refundable", label: "Payments by this method can be refunded", kind: .checkbox, checked: item?.isRefundable ?? true),
            SetupField(
                name: "clearing_account", label: "Clearing account", hint: "The account this method's money passes through, like CARD",
                value: item?.clearingAccountCode ?? "", isShort: true),
            .routes(item?.routes ?? Set(PaymentRoute.allCases)),
        ])
        let feeSection = SetupSection(
            legend: "Card fee",
            fields: [
                SetupField(
                    name: "fee", label: "Fee",
                    kind: .select([
                        SetupOption(value: "none", label: "No fee", selected: charge == "none"),
                        SetupOption(value: "fixed", label: "A fixed amount", selected: charge == "fixed"),
                        SetupOption(value: "percentage", label: "A percentage of the payment", selected: charge == "percentage"),
                    ])),
                SetupField(name: "fee_amount", label: "Fixed fee", hint: "In pounds, like 0.50", value: feeAmount, isShort: true),
                SetupField(name: "fee_percentage", label: "Percentage fee", hint: "Like 1.5", value: feePercentage, isShort: true),
                SetupField(
                    name: "fee_bearer", label: "Who pays the fee", hint: "UK law bars surcharging consumers for card payments",
                    kind: .select([
                        SetupOption(value: "council", label: "Absorbed by the council", selected: fee.bearer == .council),
                        SetupOption(value: "payer", label: "Charged to the payer (commercial payments only)", selected: fee.bearer == .payer),
                    ])),
            ])
        return [main.refilled(from: form), feeSection.refilled(from: form)]
    }

    static func parse(_ reader: inout SetupFormReader, code: String, existing: MethodOfPayment?, in configuration: CouncilConfiguration)
        -> MethodOfPayment
    {
        let name = reader.required("name", "a name")
        let minimum = reader.money("minimum")
        let maximum = reader.money("maximum")
        let clearing = reader.required("clearing_account", "the clearing account", maximumLength: 20).uppercased()
        let routes = reader.routes()
        let fee = cardFee(&reader)
        return MethodOfPayment(
            code: code, name: name, minimumAmount: minimum, maximumAmount: maximum, isRefundable: reader.flag("refundable"),
            cardFee: fee, clearingAccountCode: clearing, routes: routes,
            isRetired: existing?.isRetired ?? false)
    }

    /// The fee the form chooses; a fee typed beside another choice is refused, not dropped.
    private static func cardFee(_ reader: inout SetupFormReader) -> CardFeeRule {
        let choice = reader.form["fee"] ?? "none"
        let typed = (amount: reader.form.value("fee_amount") != nil, percentage: reader.form.value("fee_percentage") != nil)
        var charge = CardFeeRule.Charge.none
        switch choice {
        case "fixed":
            if !typed.amount { reader.fail("fee_amount", "Enter the fixed fee") }
            if let amount = reader.money("fee_amount") { charge = .fixed(amount) }
        case "percentage":
            if !typed.percentage { reader.fail("fee_percentage", "Enter the percentage fee") }
            if let basisPoints = reader.percentage("fee_percentage") { charge = .percentage(basisPoints: basisPoints) }
        default: break
        }
        if typed.amount && choice != "fixed" { reader.fail("fee_amount", "Only a fixed fee has an amount: choose it, or leave this empty") }
        if typed.percentage && choice != "percentage" {
            reader.fail("fee_percentage", "Only a percentage fee has a percentage: choose it, or leave this empty")
        }
        return CardFeeRule(charge: charge, bearer: CardFeeRule.Bearer(rawValue: reader.form["fee_bearer"] ?? "") ?? .council)
    }

    static func routesText(_ routes: Set<PaymentRoute>) -> String {
        routes.sorted().map(\.label).joined(separator: ", ")
    }
}
