import Hummingbird
import IMSCore

/// "Try a reference" on a fund's page: the reference against each of the fund's formats (passed, or the
/// check it failed and the payer's message), and with an amount the whole answer a payment would get
/// (`ReferenceCheck`: the fund, the format, the account, the limits). A GET form: it changes nothing.
enum FundTrial {
    static func values(_ fund: Fund, request: Request, accounts: any AccountHolderStore) async throws -> [String: Any] {
        // Read as a browser sends a GET form: `+` is a space (a reference typed with spaces).
        let query = FormData(urlEncoded: request.uri.query ?? "")
        let text = query["reference"].map { String($0.prefix(100)) }
        let amountText = query["amount"].map { String($0.prefix(20)).trimmingWhitespace() } ?? ""
        var trial: [String: Any] = ["action": FundScreens.url(fund.code.rawValue), "reference": text ?? "", "amount": amountText]
        guard let text else { return ["trial": trial] }
        var amount: Money?
        var errors: [[String: String]] = []
        if !amountText.isEmpty {
            do { amount = try Money.parse(amountText, field: "amount") } catch {
                errors.append(["message": error.reason, "field": "amount"])
                trial["amountError"] = error.reason
            }
        }
        let result = fund.referenceValidator.trial(text)
        trial["tried"] = true
        trial["normalised"] = result.normalised
        trial["valid"] = result.isValid
        trial["outcomes"] = result.outcomes.map { outcome -> [String: Any] in
            [
                "name": outcome.name, "checks": outcome.checks, "passed": outcome.passed, "failedCheck": outcome.failedCheck ?? "",
                "message": outcome.message ?? "",
            ].droppingEmptyText()
        }
        if errors.isEmpty, !amountText.isEmpty {
            var account: AccountHolder?
            if let reference = try? fund.validateReference(text) {
                let key = AccountKey(fundCode: fund.code, reference: reference)
                account = try await accounts.accountHolders([key])[key]
            }
            let check = ReferenceCheck.evaluate(fund: fund, reference: text, amount: amount, account: account, channel: channel(of: fund))
            trial["overall"] = ["valid": check.isValid, "message": check.message, "code": check.code.rawValue]
        }
        return ["trial": trial.droppingEmptyText(), "errors": errors]
    }

    /// The way in the overall answer is given for: online where the fund takes it, else its first way in.
    private static func channel(of fund: Fund) -> Channel {
        switch fund.routes.sorted().first {
        case .online, nil: .online
        case .phone: .moto
        case .counter: .counter
        case .department: .department
        case .file: .file
        }
    }
}
