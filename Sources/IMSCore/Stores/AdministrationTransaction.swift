/// The council's settings inside a unit of work. Each `save` inserts the item or replaces it by its code;
/// nothing is deleted (an item is retired by saving it retired), so history keeps its names.
public protocol AdministrationTransaction: Sendable {
    /// Replaces the council's details (name, address, VAT number, branding).
    func saveProfile(_ profile: CouncilProfile) async throws
    /// Sets a service's webhook URL and makes it a new signing secret, returned once.
    func setWebhook(service: String, url: String) async throws -> String
    /// Saves a VAT code with its whole rate history (rates not in `code.rates` are removed: a history is
    /// corrected as a whole; entries keep the rate they were posted at either way).
    func saveVATCode(_ code: VATCode) async throws
    func saveFund(_ fund: Fund) async throws
    func saveMethodOfPayment(_ method: MethodOfPayment) async throws
    func saveOffice(_ office: Office) async throws
    func saveFundGroup(_ group: FundGroup) async throws
    func saveSystemMessage(_ message: SystemMessage) async throws
}

/// The council's account holders, as payments and the reference check look them up.
public protocol AccountHolderStore: Sendable {
    /// The accounts among `keys` that exist.
    func accountHolders(_ keys: Set<AccountKey>) async throws -> [AccountKey: AccountHolder]
    /// Accounts whose reference starts with, or whose name or postcode contains, `text`; in one fund or all.
    func searchAccountHolders(fund: FundCode?, text: String, limit: Int) async throws -> [AccountHolder]
}
