import Foundation
import IMSCore

/// One input of a set-up form, as the `setup-field` template draws it: its kind, its value (as the item
/// has it, or as the officer typed it) and, after a refused save, its error.
struct SetupField {
    enum Kind {
        case text
        case textarea
        /// A single checkbox; its value is `checked`.
        case checkbox
        case select([SetupOption])
        case radios([SetupOption])
        /// Several checkboxes sharing a name prefix: each option is `name:value`.
        case checkboxes([SetupOption])
    }

    var name: String
    var label: String
    var hint: String = ""
    var kind: Kind = .text
    var value: String = ""
    var checked: Bool = false
    /// A narrower box for short values (codes, amounts, lengths).
    var isShort: Bool = false

    func values(errors: [String: String]) -> [String: Any] {
        let error = errors[name] ?? ""
        var result: [String: Any] = [
            "name": name, "label": label, "value": value, "checked": checked, "width": isShort ? "input-short" : "",
            "hint": hint, "error": error,
            "describedBy": [hint.isEmpty ? nil : "\(name)-hint", error.isEmpty ? nil : "\(name)-error"].compactMap { $0 }.joined(separator: " "),
        ]
        switch kind {
        case .text: result["isText"] = true
        case .textarea: result["isTextarea"] = true
        case .checkbox: result["isCheckbox"] = true
        case .select(let options): result["isSelect"] = true; result["options"] = options.map(\.values)
        case .radios(let options):
            result["isRadios"] = true
            result["options"] = optionValues(options)
        case .checkboxes(let options):
            result["isCheckboxes"] = true
            result["options"] = optionValues(options)
        }
        // The value stays even when empty: a missing key would be looked up in the enclosing sections.
        return result.droppingEmptyText().merging(["value": value]) { $1 }
    }

    /// Radios and checkboxes: the first takes the field's own id, so the error summary's link reaches it.
    private func optionValues(_ options: [SetupOption]) -> [[String: Any]] {
        options.enumerated().map { index, option in
            option.values.merging(["id": index == 0 ? name : "\(name)-\(option.value)"]) { $1 }
        }
    }
}

struct SetupOption {
    var value: String
    var label: String
    var selected: Bool

    var values: [String: Any] { ["value": value, "label": label, "selected": selected] }
}

/// A group of fields under a legend (a reference format), or the form's plain fields when it has none.
struct SetupSection {
    var legend: String = ""
    var fields: [SetupField]

    func values(errors: [String: String]) -> [String: Any] {
        ["legend": legend, "fields": fields.map { $0.values(errors: errors) }].droppingEmptyText()
    }
}

/// The problems of a refused form, each with the field it concerns: shown in the error summary and beside
/// the field, the form re-filled with what was typed.
struct SetupFormErrors: Error {
    var errors: [IMSError]
}

/// Reads a set-up form's fields into values, collecting every problem (so the officer sees them all at
/// once) rather than stopping at the first. Money is pounds and pence read by `Money.parse` into pence.
struct SetupFormReader {
    let form: FormData
    private(set) var errors: [IMSError] = []

    init(_ form: FormData) { self.form = form }

    mutating func fail(_ field: String, _ message: String) {
        errors.append(.validation(.entryInvalid, message, field: field))
    }

    /// Throws the collected problems, if any.
    func finish() throws(SetupFormErrors) {
        if !errors.isEmpty { throw SetupFormErrors(errors: errors) }
    }

    /// Trimmed text, or nil when blank.
    func optional(_ name: String, maximumLength: Int = 500) -> String? {
        form.value(name).map { String($0.prefix(maximumLength)) }
    }

    mutating func required(_ name: String, _ what: String, maximumLength: Int = 200) -> String {
        guard let text = form.value(name) else {
            fail(name, "Enter \(what)")
            return ""
        }
        guard text.count <= maximumLength else {
            fail(name, "\(what.prefix(1).uppercased() + what.dropFirst()) must be \(maximumLength) characters or fewer")
            return text
        }
        return text
    }

    /// A code: letters, digits, - and _, stored in capitals.
    mutating func code(_ name: String = "code", maximumLength: Int = 10) -> String {
        let text = required(name, "a code", maximumLength: maximumLength).uppercased()
        if !text.isEmpty && !text.allSatisfy({ $0.isASCIIDigitCharacter || $0.isASCIILetterCharacter || $0 == "-" || $0 == "_" }) {
            fail(name, "A code must have only letters, digits, - or _")
        }
        return text
    }

    func flag(_ name: String) -> Bool { form.value(name) != nil }

    mutating func money(_ name: String) -> Money? {
        guard let text = form.value(name) else { return nil }
        do {
            let amount = try Money.parse(text, field: name)
            if amount.isNegative { fail(name, "Enter an amount of £0.00 or more") }
            return amount
        } catch {
            errors.append(error)
            return nil
        }
    }

    mutating func whole(_ name: String, _ what: String, range: ClosedRange<Int> = 0...10_000) -> Int? {
        guard let text = form.value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            fail(name, "\(what.prefix(1).uppercased() + what.dropFirst()) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    /// A percentage such as `20`, `17.5` or `1.25` as basis points (2000, 1750, 125), read without floating point.
    mutating func percentage(_ name: String) -> Int64? {
        guard let text = form.value(name)?.replacingOccurrences(of: "%", with: "").trimmingWhitespace() else { return nil }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), parts[0].allSatisfy(\.isASCIIDigitCharacter),
            parts.count == 1 || (1...2).contains(parts[1].count) && parts[1].allSatisfy(\.isASCIIDigitCharacter),
            whole <= 100
        else {
            fail(name, "Enter a percentage from 0 to 100, like 20 or 17.5")
            return nil
        }
        let fraction = parts.count == 2 ? Int64(parts[1])! * (parts[1].count == 1 ? 10 : 1) : 0
        let basisPoints = whole * 100 + fraction
        guard basisPoints <= 10_000 else {
            fail(name, "Enter a percentage from 0 to 100, like 20 or 17.5")
            return nil
        }
        return basisPoints
    }

    /// Lines of a text area, trimmed, blank lines left out.
    func lines(_ name: String, limit: Int = 20) -> [String] {
        (form[name] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.prefix(limit).map { $0 }
    }

    /// Values separated by commas or new lines, trimmed.
    func list(_ name: String, limit: Int = 50) -> [String] {
        (form[name] ?? "").split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            .prefix(limit).map { $0 }
    }

    /// The values of the ticked boxes named `name:value`.
    func ticked(_ name: String) -> [String] {
        form.fields.keys.filter { $0.hasPrefix("\(name):") }.map { String($0.dropFirst(name.count + 1)) }.sorted()
    }

    mutating func routes(_ name: String = "routes") -> Set<PaymentRoute> {
        let routes = Set(ticked(name).compactMap(PaymentRoute.init(rawValue:)))
        if routes.isEmpty { fail(name, "Choose at least one way in") }
        return routes
    }
}

extension SetupField {
    /// Checkboxes for the ways in, ticked as `routes` has them.
    static func routes(_ routes: Set<PaymentRoute>, name: String = "routes", hint: String = "") -> SetupField {
        SetupField(
            name: name, label: "Ways in", hint: hint,
            kind: .checkboxes(PaymentRoute.allCases.map { SetupOption(value: $0.rawValue, label: $0.label, selected: routes.contains($0)) }))
    }
}

extension PaymentRoute {
    /// The way in as a checkbox label.
    var label: String {
        switch self {
        case .online: "Online"
        case .phone: "Phone"
        case .counter: "Counter"
        case .department: "Department returns"
        case .file: "Files (allpay, bank)"
        }
    }
}

extension Money {
    /// The amount as a form shows it for editing: `12.50`, empty for none.
    static func formText(_ amount: Money?) -> String { amount?.decimalString ?? "" }
}

extension SetupField {
    /// The field as the officer typed it, for a form refused and shown again.
    func refilled(from form: FormData) -> SetupField {
        var field = self
        func chosen(_ options: [SetupOption], _ isChosen: (SetupOption) -> Bool) -> [SetupOption] {
            options.map { SetupOption(value: $0.value, label: $0.label, selected: isChosen($0)) }
        }
        switch kind {
        case .text, .textarea: field.value = form[name] ?? ""
        case .checkbox: field.checked = form.value(name) != nil
        case .select(let options): field.kind = .select(chosen(options) { $0.value == form[name] })
        case .radios(let options): field.kind = .radios(chosen(options) { $0.value == form[name] })
        case .checkboxes(let options): field.kind = .checkboxes(chosen(options) { form.value("\(name):\($0.value)") != nil })
        }
        return field
    }
}

extension SetupSection {
    func refilled(from form: FormData?) -> SetupSection {
        guard let form else { return self }
        return SetupSection(legend: legend, fields: fields.map { $0.refilled(from: form) })
    }
}
