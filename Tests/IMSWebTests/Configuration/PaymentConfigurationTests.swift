import IMSCore
import IMSProviders
import Testing

@testable import IMSWeb

@Suite("Payment configuration")
struct PaymentConfigurationTests {
    @Test("GOV.UK Pay keys per fund and per service choose the account; the default takes the rest")
    func accounts() throws {
        let configuration = try ServerConfiguration.load(environment: [
            "IMS_PAYMENT_PROVIDER": "govuk-pay", "IMS_GOVUK_PAY_API_KEY": "api_test_default_key",
            "IMS_GOVUK_PAY_FUND_KEYS": "PARK=api_test_parking_key; ctax=api_test_revenues_key",
            "IMS_GOVUK_PAY_SERVICE_KEYS": "bins-portal=api_test_bins_key",
        ])
        let keys = try IMSApplication.govukPayKeys(configuration.payments)
        #expect(try keys.account(fund: "PARK", service: "bins-portal") == "fund-PARK")
        #expect(try keys.account(fund: "CTAX", service: nil) == "fund-CTAX")
        #expect(try keys.account(fund: "BINS", service: "bins-portal") == "service-bins-portal")
        #expect(try keys.account(fund: nil, service: "licensing") == "default")
    }

    @Test(
        "Bad payment settings stop start-up naming the key",
        arguments: [
            (["IMS_PAYMENT_PROVIDER": "stripe"], "IMS_PAYMENT_PROVIDER"),
            (["IMS_PAYMENT_PROVIDER": "govuk-pay"], "IMS_GOVUK_PAY_API_KEY"),
            (["IMS_GOVUK_PAY_FUND_KEYS": "PARK"], "IMS_GOVUK_PAY_FUND_KEYS"),
            (["IMS_PAYMENT_EXPIRY_MINUTES": "0"], "IMS_PAYMENT_EXPIRY_MINUTES"),
        ])
    func badSettings(environment: [String: String], key: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try ServerConfiguration.load(environment: environment) }
        #expect(error.key == key)
    }

    @Test("issue 10: two services whose GOV.UK Pay account names collide after normalising are refused at start-up")
    func collidingAccountNames() throws {
        let configuration = try ServerConfiguration.load(environment: [
            "IMS_PAYMENT_PROVIDER": "govuk-pay", "IMS_GOVUK_PAY_SERVICE_KEYS": "bins.portal=api_test_one_key;bins_portal=api_test_two_key",
        ])
        let error = try #require(throws: ConfigurationError.self) { try IMSApplication.govukPayKeys(configuration.payments) }
        #expect(error.key == "IMS_GOVUK_PAY_SERVICE_KEYS")
        #expect(error.description.contains("bins.portal") && error.description.contains("bins_portal"))
    }

    @Test(
        "issue 9: bad webhook secrets and GOV.UK Pay timeouts stop start-up naming the key",
        arguments: [
            (["IMS_GOVUK_PAY_WEBHOOK_SECRETS": "short"], "IMS_GOVUK_PAY_WEBHOOK_SECRETS"),
            (["IMS_GOVUK_PAY_TIMEOUT_SECONDS": "0"], "IMS_GOVUK_PAY_TIMEOUT_SECONDS"),
            (["IMS_DATABASE_TIMEOUT_SECONDS": "forever"], "IMS_DATABASE_TIMEOUT_SECONDS"),
        ])
    func badSafetySettings(environment: [String: String], key: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try ServerConfiguration.load(environment: environment) }
        #expect(error.key == key)
    }
}
