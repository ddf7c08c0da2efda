import Foundation
import IMSCore

/// The "Pay the council" form as the payer filled it in: what for, the reference, the amount, and which
/// basket line it replaces when they are changing one.
struct PayItemForm: Sendable, Hashable {
    var fundCode = ""
    var reference = ""
    var amount = ""
    var change: Int?

    init(fundCode: String = "", reference: String = "", amount: String = "", change: Int? = nil) {
        self.fundCode = fundCode
        self.reference = reference
        self.amount = amount
        self.change = change
    }

    init(_ form: FormData, basket: PublicBasket) {
        fundCode = form.value("fund") ?? ""
        reference = form["reference"] ?? ""
        amount = form["amount"] ?? ""
        change = basket.line(at: form.value("change"))?.index
    }

    /// The form for changing basket line `index`, filled in with it.
    init(changing index: Int, of basket: PublicBasket) {
        let line = basket.lines[index]
        self.init(fundCode: line.fundCode, reference: line.reference, amount: Money(pence: line.amount).decimalString, change: index)
    }
}

/// The outcome of checking the form: the basket with the item in it, or what to put right.
enum ItemCheck: Sendable {
    case accepted(PublicBasket)
    case refused([PayFieldError])
}

extension PaymentPages {
    /// The account the form names, for the caller to look up before ``check``.
    static func accountKey(of form: PayItemForm, configuration: CouncilConfiguration) -> Set<AccountKey> {
        PaymentBasket.accountKeys(
            of: PaymentRequest(lines: [.init(fundCode: form.fundCode, reference: form.reference, amount: 0)], returnURL: ""),
            configuration: configuration)
    }

    /// The funds a payer may choose: those the council takes online, by name.
    static func basketFunds(_ configuration: CouncilConfiguration) -> [Fund] {
        configuration.funds.filter { $0.isBasketFund && !$0.isSuspense && !$0.isRetired }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    /// Checks the form field by field, so that every problem is shown at once, then the whole basket with
    /// the new line in it. Returns the new basket, or the errors by field id (`fund`, `reference`, `amount`).
    /// `accounts` are the council's accounts for the form's reference (``accountKey(of:configuration:)``), by
    /// which an unknown account (where the fund needs one) or an account on stop is refused at once.
    func check(
        _ form: PayItemForm, into basket: PublicBasket, configuration: CouncilConfiguration, accounts: [AccountKey: AccountHolder], text: PublicText
    ) -> ItemCheck {
        var errors: [PayFieldError] = []
        if form.change == nil && basket.isFull {
            return .refused([PayFieldError(field: "fund", message: text(.basketFullError))])
        }
        let fund = (try? FundCode(parsing: form.fundCode)).flatMap { code in Self.basketFunds(configuration).first { $0.code == code } }
        if fund == nil { errors.append(PayFieldError(field: "fund", message: text(.chooseFund))) }

        var reference: AccountReference?
        if let fund {
            do throws(IMSError) {
                let valid = try fund.validateReference(form.reference)
                try ReferenceCheck.checkAccount(accounts[AccountKey(fundCode: fund.code, reference: valid)], for: fund, reference: valid)
                reference = valid
            } catch {
                errors.append(PayFieldError(field: "reference", message: text.message(for: error, fund: fund)))
            }
        } else if form.reference.trimmingWhitespace().isEmpty {
            errors.append(PayFieldError(field: "reference", message: text(.enterReference)))
        }

        var amount: Money?
        if form.amount.trimmingWhitespace().isEmpty {
            errors.append(PayFieldError(field: "amount", message: text(.enterAmount)))
        } else {
            do {
                let parsed = try Money.parse(form.amount)
                try fund?.checkAcceptsPayment(of: parsed)
                amount = parsed
            } catch {
                errors.append(PayFieldError(field: "amount", message: text.message(for: error, fund: fund)))
            }
        }
        guard errors.isEmpty, let fund, let reference, let amount else { return .refused(errors) }

        var updated = basket
        let line = PaymentRequest.Line(fundCode: fund.code.rawValue, reference: reference.value, amount: amount.pence)
        if let index = form.change { updated.lines[index] = line } else { updated.lines.append(line) }
        do {
            _ = try validate(updated, language: text.language, configuration: configuration)
        } catch {
            // The line passed alone, so what fails is the basket as a whole (the card limit on its total).
            return .refused([PayFieldError(field: "amount", message: text.message(for: error))])
        }
        return .accepted(updated)
    }

    /// The template values of the form: the funds as radios with their hints, the fields as typed, errors.
    func itemFormValues(
        _ form: PayItemForm, basket: PublicBasket, configuration: CouncilConfiguration, text: PublicText, errors: [PayFieldError] = []
    ) -> [String: Any] {
        let funds = Self.basketFunds(configuration)
        let chosen = funds.first { $0.code.rawValue == form.fundCode.uppercased() }
        let radios: [[String: Any]] = funds.enumerated().map { index, fund in
            let example = fund.referenceValidator.formats.lazy.compactMap(\.example).first
            let hintText = fund.referenceValidator.hint
            // A hint that already shows the example ("like BC-004211") needs no second one.
            let exampleText = example.flatMap { hintText?.contains($0) == true ? nil : text(.forExample, ["example": $0]) }
            var hint = [hintText, exampleText].compactMap { $0 }
            if text.language == .english, let mask = fund.referenceValidator.formats.lazy.compactMap(\.mask).first {
                hint.append("Format: \(mask.explanation)")
            }
            var radio: [String: Any] = [
                "id": index == 0 ? "fund" : "fund-\(fund.code.rawValue.lowercased())", "code": fund.code.rawValue, "name": fund.name,
                "hint": hint.map(\.asSentence).joined(separator: " "), "checked": fund == chosen,
            ]
            if let maximum = fund.maximumAmount { radio["maximum"] = text(.amountMaximum, ["maximum": maximum.formatted]) }
            return radio
        }
        var referenceHint = text(.referenceHint)
        if let chosen, let hint = chosen.referenceValidator.hint {
            let example =
                chosen.referenceValidator.formats.lazy.compactMap(\.example).first.map { " " + text(.forExample, ["example": $0]).asSentence } ?? ""
            referenceHint = text(.referenceHintForFund, ["fund": chosen.name, "hint": hint]).asSentence + example
        }
        var values: [String: Any] = [
            "title": form.change == nil ? text(.payTheCouncil) : text(.changeItem),
            "intro": text(.payIntro, ["council": pages.instance.council.name]),
            "funds": radios, "reference": form.reference, "amount": form.amount, "referenceHint": referenceHint,
            "submitLabel": form.change == nil ? text(.addToBasket) : text(.saveChanges),
            "basketFull": form.change == nil && basket.isFull, "hasBasket": !basket.lines.isEmpty,
            "errors": PayFieldError.values(errors),
        ]
        if let change = form.change { values["change"] = String(change) }
        values.merge(PayFieldError.fieldValues(errors, names: ["fund": "fundError", "reference": "referenceError", "amount": "amountError"])) { $1 }
        return values
    }
}

extension String {
    /// The text ending with a full stop, to stand as a sentence beside others.
    fileprivate var asSentence: String { hasSuffix(".") ? self : self + "." }
}
