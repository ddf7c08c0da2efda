import Foundation
import IMSCore

/// `POST /v1/payments` checked as GOV.UK Pay documents it ("Create a payment", JSON body parameters):
/// a missing required attribute is `P0101` (HTTP 400), a value outside its limits `P0102` (HTTP 422).
enum SandboxCreateRequest {
    static func payment(
        from fields: [String: SandboxJSONValue], id: String, pageToken: String, now: Timestamp
    ) throws(SandboxAPIError) -> SandboxPayment {
        guard let amountValue = fields["amount"] else { throw .missing("amount") }
        guard case .integer(let amount) = amountValue, amount >= 1 else {
            throw .invalid("amount", "Must be greater than or equal to 1")
        }
        guard amount <= SandboxAPI.maximumAmountPence else {
            throw .invalid("amount", "Must be less than or equal to \(SandboxAPI.maximumAmountPence)")
        }
        let reference = try requiredText(fields, "reference", maximumLength: 255)
        let description = try requiredText(fields, "description", maximumLength: 255)
        let returnURL = try requiredText(fields, "return_url", maximumLength: 2_000)
        guard WebAddress(returnURL) != nil else {
            throw .invalid("return_url", "Must be a valid URL format")
        }
        let language = try optionalText(fields, "language", maximumLength: 2) ?? "en"
        guard language == "en" || language == "cy" else { throw .invalid("language", "Must be \"en\" or \"cy\"") }
        let email = try optionalText(fields, "email", maximumLength: 254)
        var moto = false
        switch fields["moto"] {
        case nil, .null?: break
        case .boolean(let flag)?: moto = flag
        default: throw .invalid("moto", "Must be true or false")
        }
        return SandboxPayment(
            id: id, pageToken: pageToken, amount: amount, reference: reference, description: description, returnURL: returnURL,
            metadata: try metadata(fields["metadata"]), language: language, email: email, moto: moto, createdAt: now)
    }

    private static func requiredText(_ fields: [String: SandboxJSONValue], _ name: String, maximumLength: Int) throws(SandboxAPIError) -> String {
        guard let text = try optionalText(fields, name, maximumLength: maximumLength) else { throw .missing(name) }
        return text
    }

    private static func optionalText(_ fields: [String: SandboxJSONValue], _ name: String, maximumLength: Int) throws(SandboxAPIError) -> String? {
        switch fields[name] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            // GOV.UK Pay treats a blank string as a missing attribute (400 P0101).
            guard !text.trimmingWhitespace().isEmpty else { throw .missing(name) }
            guard text.utf16.count <= maximumLength else {
                throw .invalid(name, "Must be less than or equal to \(maximumLength) characters length")
            }
            if name == "reference" || name == "description", text.contains(where: ProviderPaymentRequest.refusedCharacters.contains) {
                throw SandboxAPIError(400, "P0102", "Invalid attribute value: \(name). Must be a valid string format", field: name)
            }
            return text
        default:
            throw .invalid(name, "Must be a string")
        }
    }

    /// 1 to 10 keys of at most 30 characters; values strings of at most 100 characters, numbers or booleans.
    private static func metadata(_ value: SandboxJSONValue?) throws(SandboxAPIError) -> [String: SandboxPayment.MetadataValue] {
        switch value {
        case nil, .null?:
            return [:]
        case .object(let entries)?:
            guard (1...10).contains(entries.count) else { throw .invalid("metadata", "Must have between 1 and 10 keys") }
            var metadata: [String: SandboxPayment.MetadataValue] = [:]
            for (key, entry) in entries {
                guard (1...30).contains(key.count) else { throw .invalid("metadata", "Keys must be between 1 and 30 characters long") }
                switch entry {
                case .string(let text) where text.count <= 100: metadata[key] = .string(text)
                case .integer(let number): metadata[key] = .integer(number)
                case .number(let number): metadata[key] = .number(number)
                case .boolean(let flag): metadata[key] = .boolean(flag)
                case .string: throw .invalid("metadata", "Values must be no greater than 100 characters long")
                default: throw .invalid("metadata", "Values must be of type String, Boolean or Number")
                }
            }
            return metadata
        default:
            throw .invalid("metadata", "Must be an object of JSON key-value pairs")
        }
    }
}
