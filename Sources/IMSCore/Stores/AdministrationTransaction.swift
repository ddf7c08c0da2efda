/// The council's own settings inside a transaction, for the workflows that change them with their audit
/// events (the council's details, a council service's webhook).
public protocol AdministrationTransaction: Sendable {
    /// Replaces the council's details (name, address, VAT number, branding).
    func saveProfile(_ profile: CouncilProfile) async throws
    /// Sets a service's webhook URL and makes it a new signing secret, returned once.
    func setWebhook(service: String, url: String) async throws -> String
}
