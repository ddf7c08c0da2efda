import Foundation
import IMSCore

/// The staff search form as sent (a GET query string): the API's parameter names, except that amounts are
/// typed in pounds (`45.00`), as staff read them, rather than in pence. The same query string drives the
/// results, the next page and the CSV export, so all three always agree.
struct TransactionSearchForm {
    /// The fields as sent, in order, repeats kept, without the page cursor.
    let fields: [(name: String, value: String)]
    /// The page cursor, `after`, as sent.
    let after: String?

    /// Amount fields typed in pounds; the filter takes them in pence.
    static let amountFields: Set<String> = ["amount", "amount_min", "amount_max"]

    init(query: String?) {
        let pairs = FormData.pairs(urlEncoded: query ?? "")
        fields = pairs.filter { $0.name != "after" }
        after = pairs.last { $0.name == "after" }?.value
    }

    /// The first value sent for `name`, or "" (for echoing into the form).
    func value(_ name: String) -> String {
        fields.first { $0.name == name }?.value ?? ""
    }

    /// Whether any of these fields holds something.
    func hasAny(of names: [String]) -> Bool {
        fields.contains { names.contains($0.name) && !$0.value.trimmingWhitespace().isEmpty }
    }

    /// The filter these fields ask for, limited to the staff member's funds; errors name the form field.
    func filter(scope: FundScope) throws(IMSError) -> TransactionFilter {
        var parameters: [(name: String, value: String)] = []
        for (name, value) in fields {
            guard Self.amountFields.contains(name), !value.trimmingWhitespace().isEmpty else {
                parameters.append((name, value))
                continue
            }
            parameters.append((name, String(try Money.parse(value, field: name).pence)))
        }
        var filter = try TransactionFilter(parameters: parameters)
        filter.scope = scope
        return filter
    }

    /// Where the page starts, from `after`.
    func cursor() throws(IMSError) -> TransactionCursor? {
        guard let after, !after.isEmpty else { return nil }
        return try TransactionCursor(parsing: after)
    }

    /// The fields (without the cursor) as a query string, plus `extra`, for links to the next page and
    /// the export. Everything but unreserved characters is percent-encoded, so `+` survives as itself.
    func queryString(adding extra: [(name: String, value: String)] = []) -> String {
        (fields.filter { !$0.value.isEmpty } + extra).map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}

/// A text box of the search form, as the template draws it.
struct SearchField {
    let name: String
    let label: String
    var hint: String = ""
    var type: String = "text"
    var inputMode: String = ""
    var width: String = ""

    /// The boxes shown first, the text box leading (it takes the focus).
    static let main: [SearchField] = [
        SearchField(name: "text", label: "Name, address or narrative", hint: "Words or the start of words, e.g. smi for Smith, or o'brien ann"),
        SearchField(name: "receipt_reference", label: "Receipt reference", hint: "IMS (R00001234) or the old system's"),
        SearchField(
            name: "account_reference", label: "Account reference", hint: "End with * to find references starting with it", width: "input-reference"),
        SearchField(name: "postcode", label: "Postcode", width: "input-postcode"),
        SearchField(name: "amount", label: "Amount (£)", hint: "e.g. 45.00", inputMode: "decimal", width: "input-postcode"),
        SearchField(name: "from", label: "From date", type: "date", width: "input-reference"),
        SearchField(name: "to", label: "To date", hint: "Inclusive", type: "date", width: "input-reference"),
    ]

    /// The less common filters, inside "More filters".
    static let more: [SearchField] = [
        SearchField(name: "amount_min", label: "Amount at least (£)", inputMode: "decimal", width: "input-postcode"),
        SearchField(name: "amount_max", label: "Amount at most (£)", inputMode: "decimal", width: "input-postcode"),
        SearchField(name: "provider_reference", label: "Payment provider reference"),
        SearchField(name: "card_last4", label: "Card: last 4 digits", inputMode: "numeric", width: "input-postcode"),
        SearchField(name: "channel", label: "Channel", hint: "e.g. online, telephone, counter"),
        SearchField(name: "office", label: "Office"),
        SearchField(name: "user", label: "Taken by (user)"),
        SearchField(name: "import_batch", label: "Import batch number", inputMode: "numeric", width: "input-postcode"),
    ]

    /// Names of the fields inside "More filters" (the selects too), to open it when one is in use.
    static let moreNames = more.map(\.name) + ["method_of_payment", "source"]

    /// The template's values for this field with the form's value and any error on it.
    func values(in form: TransactionSearchForm, error: IMSError?, autofocus: Bool = false) -> [String: Any] {
        let message = error?.field == name ? error?.reason ?? "" : ""
        return [
            "name": name, "label": label, "hint": hint, "type": type, "inputMode": inputMode, "width": width,
            "value": form.value(name), "error": message, "autofocus": autofocus && error == nil,
            "describedBy": ([hint.isEmpty ? nil : "\(name)-hint", message.isEmpty ? nil : "\(name)-error"] as [String?]).compactMap { $0 }.joined(
                separator: " "),
        ].droppingEmptyText()
    }
}
