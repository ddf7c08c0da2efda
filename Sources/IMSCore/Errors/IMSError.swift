/// The one error type of the domain: a stable machine `code`, a `reason` a person can act on, and the
/// input `field` it concerns when there is one. Errors are compared by code, never by reason text.
public struct IMSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What sort of failure this is; the web edge maps it to an HTTP status.
    public enum Kind: String, Sendable, Hashable {
        /// Input that fails validation (HTTP 422).
        case validation
        /// Credentials missing or not recognised (HTTP 401).
        case unauthenticated
        /// Authenticated, but without the right (HTTP 403).
        case forbidden
        /// The thing asked for does not exist (HTTP 404).
        case notFound
        /// The request conflicts with what is already recorded (HTTP 409).
        case conflict
        /// The caller's view of the state is out of date (HTTP 412).
        case preconditionFailed
        /// A dependency (database, provider) is not available (HTTP 503).
        case unavailable
        /// A fault of the system itself (HTTP 500); the reason is for the log, not the user.
        case `internal`
    }

    /// A stable identifier, e.g. `reference.check_character`. Static lets keep new codes additive.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let kind: Kind
    public let code: Code
    public let reason: String
    public let field: String?

    public init(_ kind: Kind, _ code: Code, _ reason: String, field: String? = nil) {
        self.kind = kind
        self.code = code
        self.reason = reason
        self.field = field
    }

    /// The same error, said of another input field (e.g. `lines[1].reference`).
    public func at(field: String) -> IMSError {
        IMSError(kind, code, reason, field: field)
    }

    public var description: String {
        if let field { return "\(code) (\(field)): \(reason)" }
        return "\(code): \(reason)"
    }

    public static func == (lhs: IMSError, rhs: IMSError) -> Bool { lhs.code == rhs.code && lhs.field == rhs.field }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(field)
    }

    public static func validation(_ code: Code, _ reason: String, field: String? = nil) -> IMSError {
        IMSError(.validation, code, reason, field: field)
    }
}

extension IMSError.Code {
    public static let moneyInvalid = Self("money.invalid")
    public static let moneyFractionOfPenny = Self("money.fraction_of_penny")
    public static let moneyOutOfRange = Self("money.out_of_range")
    public static let fundCodeInvalid = Self("fund.code_invalid")
    public static let fundUnknown = Self("fund.unknown")
    public static let fundDisabled = Self("fund.disabled")
    public static let methodRetired = Self("method.retired")
    public static let fundOnStop = Self("fund.on_stop")
    public static let fundRouteRefused = Self("fund.route_refused")
    public static let accountUnknown = Self("account.unknown")
    public static let accountOnStop = Self("account.on_stop")
    public static let accountImportNotLatest = Self("account_import.not_latest")
    public static let accountFileInvalid = Self("account_file.invalid")
    public static let councilNotConfigured = Self("council.not_configured")
    public static let configurationInvalid = Self("configuration.invalid")
    public static let configurationCodeTaken = Self("configuration.code_taken")
    public static let configurationChangedSinceRead = Self("configuration.changed_since_read")
    public static let amountNotPositive = Self("amount.not_positive")
    public static let amountOverMaximum = Self("amount.over_maximum")
    public static let amountUnderMinimum = Self("amount.under_minimum")
    public static let referenceMissing = Self("reference.missing")
    public static let referenceLength = Self("reference.length")
    public static let referenceCharacters = Self("reference.characters")
    public static let referencePattern = Self("reference.pattern")
    public static let referenceMask = Self("reference.mask")
    public static let referenceCheckCharacter = Self("reference.check_character")
    public static let validatorInvalid = Self("validator.invalid")
    public static let entryUnbalanced = Self("entry.unbalanced")
    public static let entryTooFewLines = Self("entry.too_few_lines")
    public static let entryZeroLine = Self("entry.zero_line")
    public static let entryInvalid = Self("entry.invalid")
    public static let entryNotFound = Self("entry.not_found")
    public static let refundNotRefundable = Self("refund.not_refundable")
    public static let refundExceedsRemaining = Self("refund.exceeds_remaining")
    public static let refundStaleRemaining = Self("refund.stale_remaining")
    public static let idempotencyKeyInvalid = Self("idempotency.key_invalid")
    public static let idempotencyKeyReused = Self("idempotency.key_reused")
    public static let apiKeyMissing = Self("auth.api_key_missing")
    public static let apiKeyInvalid = Self("auth.api_key_invalid")
    public static let staffSessionMissing = Self("auth.session_missing")
    public static let permissionMissing = Self("auth.permission_missing")
    public static let permissionUnknown = Self("auth.permission_unknown")
    public static let notFound = Self("not_found")
    public static let internalError = Self("internal")
}
