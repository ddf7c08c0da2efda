import IMSCore
import Logging

/// "Is this a reference we can take money for?" for council services, forms and telephone systems, with
/// the same checks a payment makes (``ReferenceCheck``). Every check is logged; where a fund hides its
/// references (they name people), the log shows only the reference's length and last two characters.
public struct ReferenceChecks: Sendable {
    let store: any CouncilStore & AccountHolderStore
    let logger: Logger

    public init(store: any CouncilStore & AccountHolderStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Checks `reference` for the fund coded `fundCode`, within the caller's fund `scope`; `amount` in pence, optional.
    public func check(fundCode: String, reference: String, amount: Int64?, scope: FundScope, channel: Channel, caller: String) async throws
        -> ReferenceCheck
    {
        let configuration = try await store.configuration()
        let result: ReferenceCheck
        var loggedReference = "(not logged: the fund is unknown)"
        if let code = try? FundCode(parsing: fundCode), let fund = configuration.fund(code), !fund.isSuspense, scope.mayUse(code) {
            let normalised = AccountReference(normalising: reference)
            loggedReference = fund.loggable(normalised)
            let accounts = try await store.accountHolders([AccountKey(fundCode: code, reference: normalised)])
            do {
                let money = try amount.map { pence throws(IMSError) in try Money(checkedPence: pence, field: "amount") }
                result = ReferenceCheck.evaluate(fund: fund, reference: reference, amount: money, account: accounts.values.first, channel: channel)
            } catch {
                result = ReferenceCheck(isValid: false, code: error.code, message: ReferenceCheck.sentence(error.reason), reference: nil)
            }
        } else {
            result = ReferenceCheck(
                isValid: false, code: .fundUnknown, message: "There is no fund \(fundCode.prefix(20)) that can be paid here.", reference: nil)
        }
        logger.info(
            "reference checked",
            metadata: [
                "caller": "\(caller)", "fund": "\(fundCode.prefix(20))", "reference": "\(loggedReference)", "outcome": "\(result.code)",
            ])
        return result
    }
}
