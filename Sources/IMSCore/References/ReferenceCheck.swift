/// The answer to "is this a reference we can take money for?", for council services, forms and telephone
/// systems (`POST /api/v1/references/check`): a stable `code` and a plain sentence a phone system can read
/// out. The same checks as a payment's, in the same order: the fund, the reference's format and check
/// character, the account (where the fund needs one, or is on stop), then the amount.
public struct ReferenceCheck: Hashable, Sendable {
    public var isValid: Bool
    public var code: IMSError.Code
    public var message: String
    /// The normalised reference, when it passed its format.
    public var reference: AccountReference?

    public static let valid = IMSError.Code("reference.valid")

    public init(isValid: Bool, code: IMSError.Code, message: String, reference: AccountReference?) {
        self.isValid = isValid
        self.code = code
        self.message = message
        self.reference = reference
    }

    /// Checks `text` for `fund`; `account` is the council's account for it, if one is loaded.
    public static func evaluate(
        fund: Fund, reference text: String, amount: Money?, account: AccountHolder?, channel: Channel = .online
    ) -> ReferenceCheck {
        do throws(IMSError) {
            try fund.checkAccepts(channel)
            if fund.isRetired { throw IMSError.validation(.fundDisabled, "\(fund.name) is not taking payments at the moment") }
            if let onStop = fund.onStopMessage { throw IMSError.validation(.fundOnStop, onStop) }
            let reference = try fund.validateReference(text)
            try checkAccount(account, for: fund, reference: reference)
            if let amount { try fund.checkAcceptsPayment(of: amount) }
            return ReferenceCheck(isValid: true, code: valid, message: "That reference is valid for \(fund.name).", reference: reference)
        } catch {
            return ReferenceCheck(isValid: false, code: error.code, message: sentence(error.reason), reference: nil)
        }
    }

    /// Refuses a reference with no account where the fund needs one, and an account on stop.
    public static func checkAccount(_ account: AccountHolder?, for fund: Fund, reference: AccountReference, field: String? = nil)
        throws(IMSError)
    {
        if let account {
            try account.checkAcceptsPayment(field: field)
        } else if fund.accountMustExist {
            throw .validation(
                .accountUnknown, "We cannot find a \(fund.name) account with that reference. Check it against your bill or letter", field: field)
        }
    }

    /// A reason as a sentence: ends with a full stop.
    public static func sentence(_ reason: String) -> String {
        guard let last = reason.last, !".!?".contains(last) else { return reason }
        return reason + "."
    }
}
