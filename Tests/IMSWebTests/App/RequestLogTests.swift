import IMSServices
import Testing

@testable import IMSWeb

@Suite("Request log")
struct RequestLogTests {
    @Test(
        "issue 10: payment ids in logged paths are cut short (an id opens its payment's page and receipt)",
        arguments: [
            ("/pay/pay_abcdefghijklmnopqrstuvwxyz/return", "/pay/pay_abcdef…/return"),
            ("/api/v1/payments/pay_abcdefghijklmnopqrstuvwxyz", "/api/v1/payments/pay_abcdef…"),
            ("/pay/check", "/pay/check"), ("/staff/transactions/12", "/staff/transactions/12"), ("/pay/pay_short", "/pay/pay_short"),
        ])
    func redaction(path: String, logged: String) {
        #expect(RequestLogMiddleware<IMSRequestContext>.redacted(path) == logged)
        #expect(PaymentService.redacted("pay_abcdefghijklmnopqrstuvwxyz") == "pay_abcdef…")
    }
}
