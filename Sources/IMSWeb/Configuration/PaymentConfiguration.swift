import Foundation
import IMSCore

/// Which payment provider takes cards, and how long a payment may stay unfinished.
public struct PaymentConfiguration: Sendable {
    public enum Provider: String, Sendable {
        /// IMS's stand-in card processor (demo and development only).
        case sandbox
        /// GOV.UK Pay.
        case govukPay = "govuk-pay"
    }

    public var provider: Provider
    /// Secret; GOV.UK Pay only.
    public var govukPayAPIKey: String?
    /// Secret: fund code → API key, for councils with a GOV.UK Pay account per fund.
    public var govukPayFundKeys: [String: String]
    /// Secret: council service → API key, for an account per service.
    public var govukPayServiceKeys: [String: String]
    public var govukPayURL: String?
    /// Secret: the signing secrets of GOV.UK Pay webhook subscriptions (one per account); empty turns the
    /// notification route off.
    public var govukPayWebhookSecrets: [String]
    /// The deadline of each call to GOV.UK Pay, answer included.
    public var govukPayTimeoutSeconds: Int64
    public var expiresAfterMinutes: Int64

    static func load(_ value: (ConfigurationKey) -> String?, isProduction: Bool) throws -> PaymentConfiguration {
        let name = value(.paymentProvider) ?? (isProduction ? "" : Provider.sandbox.rawValue)
        guard let provider = Provider(rawValue: name) else {
            throw ConfigurationError(
                key: ConfigurationKey.paymentProvider.name,
                name.isEmpty
                    ? "must be set in production (govuk-pay)" : "must be sandbox or govuk-pay, not \(name)")
        }
        if provider == .sandbox && isProduction {
            throw ConfigurationError(key: ConfigurationKey.paymentProvider.name, "the sandbox card processor cannot run in production")
        }
        let key = value(.govukPayAPIKey)
        let fundKeys = try pairs(value(.govukPayFundKeys), key: .govukPayFundKeys)
        let serviceKeys = try pairs(value(.govukPayServiceKeys), key: .govukPayServiceKeys)
        if provider == .govukPay && key == nil && fundKeys.isEmpty && serviceKeys.isEmpty {
            throw ConfigurationError(
                key: ConfigurationKey.govukPayAPIKey.name, "is required when IMS_PAYMENT_PROVIDER is govuk-pay (or set per-fund or per-service keys)")
        }
        let minutesText = value(.paymentExpiryMinutes) ?? "90"
        guard let minutes = Int64(minutesText), (5...1_440).contains(minutes) else {
            throw ConfigurationError(
                key: ConfigurationKey.paymentExpiryMinutes.name, "must be a whole number of minutes from 5 to 1440, not \(minutesText)")
        }
        let webhookSecrets = (value(.govukPayWebhookSecrets) ?? "").split(separator: ";").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        guard webhookSecrets.allSatisfy({ (16...200).contains($0.count) }) else {
            throw ConfigurationError(
                key: ConfigurationKey.govukPayWebhookSecrets.name, "must be signing secrets of 16 to 200 characters separated by ;")
        }
        let timeoutText = value(.govukPayTimeoutSeconds) ?? "20"
        guard let timeout = Int64(timeoutText), (1...120).contains(timeout) else {
            throw ConfigurationError(
                key: ConfigurationKey.govukPayTimeoutSeconds.name, "must be a whole number of seconds from 1 to 120, not \(timeoutText)")
        }
        return PaymentConfiguration(
            provider: provider, govukPayAPIKey: key, govukPayFundKeys: fundKeys, govukPayServiceKeys: serviceKeys,
            govukPayURL: value(.govukPayURL), govukPayWebhookSecrets: webhookSecrets, govukPayTimeoutSeconds: timeout, expiresAfterMinutes: minutes)
    }

    /// `NAME=key;NAME2=key2`.
    private static func pairs(_ text: String?, key: ConfigurationKey) throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in (text ?? "").split(separator: ";") where !entry.trimmingWhitespace().isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(key: key.name, "must be NAME=key pairs separated by ;")
            }
            result[parts[0]] = parts[1]
        }
        return result
    }
}

extension ConfigurationKey {
    public static let paymentProvider = ConfigurationKey(
        name: "IMS_PAYMENT_PROVIDER", defaultValue: "sandbox (development); required in production",
        meaning: "`govuk-pay`, or `sandbox` (IMS's stand-in card processor, refused in production)", isSecret: false)
    public static let govukPayAPIKey = ConfigurationKey(
        name: "IMS_GOVUK_PAY_API_KEY", defaultValue: "(none)", meaning: "GOV.UK Pay API key; **secret**", isSecret: true)
    public static let govukPayURL = ConfigurationKey(
        name: "IMS_GOVUK_PAY_URL", defaultValue: "https://publicapi.payments.service.gov.uk", meaning: "GOV.UK Pay's API root", isSecret: false)
    public static let paymentExpiryMinutes = ConfigurationKey(
        name: "IMS_PAYMENT_EXPIRY_MINUTES", defaultValue: "90", meaning: "An unfinished payment expires after this long", isSecret: false)

    public static let govukPayFundKeys = ConfigurationKey(
        name: "IMS_GOVUK_PAY_FUND_KEYS", defaultValue: "(none)",
        meaning:
            "Keys of GOV.UK Pay accounts per fund, `PARK=api_live_…;CTAX=api_live_…` (a single-fund payment uses its fund's account); **secret**",
        isSecret: true)
    public static let govukPayServiceKeys = ConfigurationKey(
        name: "IMS_GOVUK_PAY_SERVICE_KEYS", defaultValue: "(none)",
        meaning: "Keys of GOV.UK Pay accounts per council service, `bins-portal=api_live_…`; **secret**", isSecret: true)

    public static let govukPayWebhookSecrets = ConfigurationKey(
        name: "IMS_GOVUK_PAY_WEBHOOK_SECRETS", defaultValue: "(none: notifications off)",
        meaning:
            "Signing secrets of GOV.UK Pay webhook subscriptions, `secret1;secret2` (one per account), for `POST /providers/govuk-pay/notifications`; **secret**",
        isSecret: true)
    public static let govukPayTimeoutSeconds = ConfigurationKey(
        name: "IMS_GOVUK_PAY_TIMEOUT_SECONDS", defaultValue: "20",
        meaning: "Deadline of each call to GOV.UK Pay, answer included (1–120); a call past it is retried later, never taken as an outcome",
        isSecret: false)
    public static let payments: [ConfigurationKey] = [
        .paymentProvider, .govukPayAPIKey, .govukPayFundKeys, .govukPayServiceKeys, .govukPayURL, .govukPayWebhookSecrets, .govukPayTimeoutSeconds,
        .paymentExpiryMinutes,
    ]
}
