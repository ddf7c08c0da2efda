/// Where a payment is at the provider, in IMS's words. Each provider maps its own states onto these;
/// GOV.UK Pay's mapping is in `IMSProviders`.
///
/// Only ``success`` means money was taken. Every finished state other than ``success`` means none was.
public enum ProviderPaymentState: Hashable, Sendable {
    /// Made at the provider; the payer has not opened its page yet.
    case created
    /// The payer is on the provider's page.
    case started
    /// The payer has entered the card and the provider is authorising or waiting for the payer to confirm.
    case submitted
    /// The money was taken.
    case success
    /// The payer tried but the payment did not complete: the card was declined or refused, for example.
    /// No money was taken.
    case failed(ProviderFailure)
    /// Stopped before completion, by the payer on the provider's page or by IMS through the API.
    case cancelled(by: Canceller)
    /// The payer did not finish within the provider's time limit (90 minutes at GOV.UK Pay).
    case expired
    /// Something went wrong at the provider or its processor; the payment failed safely, no money taken.
    case error(ProviderFailure?)

    /// Who stopped a payment.
    public enum Canceller: String, Hashable, Sendable {
        /// The payer chose Cancel on the provider's page.
        case payer
        /// IMS (or a member of staff through the provider's own tools) cancelled it.
        case service
    }

    /// Whether the payment journey is over; a finished payment's state never changes again.
    public var isFinished: Bool {
        switch self {
        case .created, .started, .submitted: false
        case .success, .failed, .cancelled, .expired, .error: true
        }
    }

    /// A short stable name for records and logs: `created`, `started`, `submitted`, `success`, `failed`,
    /// `cancelled`, `expired`, `error`.
    public var name: String {
        switch self {
        case .created: "created"
        case .started: "started"
        case .submitted: "submitted"
        case .success: "success"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .expired: "expired"
        case .error: "error"
        }
    }
}

/// Why a provider says a payment failed: its own code (GOV.UK Pay's `P0010`, say) and message, kept for
/// the record and for staff; IMS decides by ``ProviderPaymentState``, never by this text.
public struct ProviderFailure: Hashable, Sendable {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
