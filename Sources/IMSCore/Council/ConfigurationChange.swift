import Foundation

/// One change a new configuration makes to the current one: an item added, changed or retired. What
/// `ims council apply --dry-run` prints and what the audit trail records, with the item before and after.
public struct ConfigurationChange: Hashable, Sendable, CustomStringConvertible {
    public enum Action: String, Hashable, Sendable {
        case add, change, retire
    }

    /// `council`, `vat_code`, `fund`, `method`, `office`, `fund_group`, `system_message`.
    public var kind: String
    public var code: String
    public var action: Action
    /// The item as JSON with sorted keys (stable, so an audit reader can compare before and after).
    public var before: String?
    public var after: String?

    public init(kind: String, code: String, action: Action, before: String?, after: String?) {
        self.kind = kind
        self.code = code
        self.action = action
        self.before = before
        self.after = after
    }

    /// `add fund PARK`, `change vat_code RED`, `retire method PO`.
    public var description: String { "\(action.rawValue) \(kind) \(code)" }

    /// The changes that turn `current` into `new`: items only in `new` are added, items in both that differ
    /// are changed, and items only in `current` (not already retired) are retired, never deleted.
    public static func changes(from current: CouncilConfiguration, to new: CouncilConfiguration) -> [ConfigurationChange] {
        var result: [ConfigurationChange] = []
        if current.profile != new.profile {
            result.append(
                ConfigurationChange(kind: "council", code: "details", action: .change, before: json(current.profile), after: json(new.profile)))
        }
        result += diff("vat_code", current.vatCodes, new.vatCodes, code: \.code, isRetired: \.isRetired) {
            VATCode(code: $0.code, name: $0.name, treatment: $0.treatment, rates: $0.rates, isRetired: true)
        }
        result += diff("fund", current.funds, new.funds, code: \.code.rawValue, isRetired: \.isRetired) {
            var fund = $0; fund.isRetired = true; return fund
        }
        result += diff("method", current.methodsOfPayment, new.methodsOfPayment, code: \.code, isRetired: \.isRetired) {
            var method = $0; method.isRetired = true; return method
        }
        result += diff("office", current.offices, new.offices, code: \.code, isRetired: \.isRetired) {
            var office = $0; office.isRetired = true; return office
        }
        result += diff("fund_group", current.fundGroups, new.fundGroups, code: \.code, isRetired: \.isRetired) {
            var group = $0; group.isRetired = true; return group
        }
        result += diff("system_message", current.systemMessages, new.systemMessages, code: \.code, isRetired: \.isRetired) {
            var message = $0; message.isRetired = true; return message
        }
        return result
    }

    /// The configuration `new` becomes once applied over `current`: `new`'s items, and `current`'s items
    /// missing from it, retired.
    public static func applied(_ new: CouncilConfiguration, over current: CouncilConfiguration) -> CouncilConfiguration {
        var result = new
        func keep<T>(_ old: [T], _ new: inout [T], code: (T) -> String, retire: (T) -> T) {
            let codes = Set(new.map(code))
            new += old.filter { !codes.contains(code($0)) }.map(retire)
        }
        keep(current.vatCodes, &result.vatCodes, code: \.code) {
            VATCode(code: $0.code, name: $0.name, treatment: $0.treatment, rates: $0.rates, isRetired: true)
        }
        keep(current.funds, &result.funds, code: \.code.rawValue) {
            var fund = $0; fund.isRetired = true; return fund
        }
        keep(current.methodsOfPayment, &result.methodsOfPayment, code: \.code) {
            var method = $0; method.isRetired = true; return method
        }
        keep(current.offices, &result.offices, code: \.code) {
            var office = $0; office.isRetired = true; return office
        }
        keep(current.fundGroups, &result.fundGroups, code: \.code) {
            var group = $0; group.isRetired = true; return group
        }
        keep(current.systemMessages, &result.systemMessages, code: \.code) {
            var message = $0; message.isRetired = true; return message
        }
        return result
    }

    private static func diff<T: Encodable & Equatable>(
        _ kind: String, _ current: [T], _ new: [T], code: (T) -> String, isRetired: (T) -> Bool, retired: (T) -> T
    ) -> [ConfigurationChange] {
        let currentByCode = Dictionary(current.map { (code($0), $0) }, uniquingKeysWith: { first, _ in first })
        var result: [ConfigurationChange] = []
        let newCodes = Set(new.map(code))
        for item in new {
            if let old = currentByCode[code(item)] {
                if old != item {
                    let action: Action = isRetired(item) && !isRetired(old) ? .retire : .change
                    result.append(ConfigurationChange(kind: kind, code: code(item), action: action, before: json(old), after: json(item)))
                }
            } else {
                result.append(ConfigurationChange(kind: kind, code: code(item), action: .add, before: nil, after: json(item)))
            }
        }
        for old in current where !newCodes.contains(code(old)) && !isRetired(old) {
            result.append(ConfigurationChange(kind: kind, code: code(old), action: .retire, before: json(old), after: json(retired(old))))
        }
        return result
    }

    /// An item as the audit trail records it: JSON with sorted keys, and its `routes` (a set, which JSON
    /// would give in any order) sorted, so that the same item always reads the same.
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        guard var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let routes = object["routes"] as? [String],
            let sorted = try? JSONSerialization.data(
                withJSONObject: {
                    object["routes"] = routes.sorted(); return object
                }(), options: [.sortedKeys, .withoutEscapingSlashes])
        else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: sorted, as: UTF8.self)
    }
}
