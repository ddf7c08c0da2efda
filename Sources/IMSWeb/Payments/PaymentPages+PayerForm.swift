import Foundation
import IMSCore

/// The payer's name and address, asked only when a full VAT invoice is due (a standard- or reduced-rated
/// line in a basket over £250): regulation 14 invoices name the customer.
struct PayerForm: Sendable, Hashable {
    var name = ""
    var address = ""
    var postcode = ""

    static let maximumNameLength = 200
    static let maximumAddressLength = 500

    init() {}

    init(_ form: FormData) {
        name = form.value("payer_name") ?? ""
        address = form.value("payer_address") ?? ""
        postcode = form.value("payer_postcode") ?? ""
    }

    /// `dm11aa` → `DM1 1AA`; nil when it is not the shape of a UK postcode.
    var normalisedPostcode: String? {
        let compact = postcode.uppercased().filter { !$0.isWhitespace }
        guard (5...7).contains(compact.count),
            compact.range(of: "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$", options: .regularExpression) != nil
        else { return nil }
        return compact.dropLast(3) + " " + compact.suffix(3)
    }

    /// Every problem at once, by field id, in the order the fields appear.
    func check(_ text: PublicText) -> [PayFieldError] {
        var errors: [PayFieldError] = []
        func require(_ value: String, field: String, label: PublicText.Phrase, missing: PublicText.Phrase, maximum: Int) {
            if value.isEmpty {
                errors.append(PayFieldError(field: field, message: text(missing)))
            } else if value.count > maximum {
                errors.append(PayFieldError(field: field, message: text(.textTooLong, ["field": text(label), "maximum": String(maximum)])))
            } else if CardNumberDetector.containsCardNumber(value) {
                // The ledger refuses card numbers in any text; say so now rather than when the payment posts.
                errors.append(PayFieldError(field: field, message: text(.noCardNumbers)))
            }
        }
        require(name, field: "payer-name", label: .payerName, missing: .enterPayerName, maximum: Self.maximumNameLength)
        require(address, field: "payer-address", label: .payerAddress, missing: .enterPayerAddress, maximum: Self.maximumAddressLength)
        if normalisedPostcode == nil { errors.append(PayFieldError(field: "payer-postcode", message: text(.enterPostcode))) }
        return errors
    }

    /// The template values: the fields as typed and each one's error.
    func values(errors: [PayFieldError]) -> [String: Any] {
        var values: [String: Any] = ["payerName": name, "payerAddress": address, "payerPostcode": postcode]
        values.merge(
            PayFieldError.fieldValues(
                errors,
                names: [
                    "payer-name": "payerNameError", "payer-address": "payerAddressError", "payer-postcode": "payerPostcodeError",
                ])
        ) { $1 }
        return values
    }
}
