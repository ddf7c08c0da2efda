import Hummingbird
import IMSCore
import IMSServices

/// `POST /api/v1/references/check`: whether a reference can be paid, before any payment is made, for council
/// services, forms and telephone systems. Always 200 with `valid`, a stable `code` and a `message` a phone
/// system can read out; 422 only when the request itself is malformed.
enum ReferencesAPI {
    struct CheckBody: Decodable, Sendable {
        let fundCode: String
        let reference: String
        let amount: Int64?

        enum CodingKeys: String, CodingKey {
            case fundCode = "fund_code", reference, amount
        }
    }

    struct CheckResult: ResponseEncodable, Sendable {
        let valid: Bool
        let code: String
        let message: String
        /// The reference as IMS would store it (normalised), when it is valid.
        let reference: String?
    }

    static func register(on routes: RouteTable, checks: ReferenceChecks) {
        routes.add(.post, "/api/v1/references/check", access: .apiKey(.referencesCheck), "Check a reference (and amount) before taking a payment") {
            request, context in
            let key = context.apiKey!
            let (body, _) = try await JSONBody.decode(CheckBody.self, from: request)
            guard body.reference.count <= 100, body.fundCode.count <= 50 else {
                throw IMSError.validation(.requestInvalid, "fund_code or reference is far longer than any IMS accepts", field: "reference")
            }
            let result = try await checks.check(
                fundCode: body.fundCode, reference: body.reference, amount: body.amount, scope: key.scope, channel: .online,
                caller: "service:\(key.service)")
            return CheckResult(valid: result.isValid, code: result.code.rawValue, message: result.message, reference: result.reference?.value)
        }
    }
}
