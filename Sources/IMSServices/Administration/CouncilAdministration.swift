import IMSCore

/// The council's own settings as operators change them: its details (name, address, VAT number, branding)
/// and where each council service is told of finished payments. Each change and its audit event, with the
/// values before and after, are one unit of work.
public struct CouncilAdministration: Sendable {
    let store: any UnitOfWork

    public init(store: any UnitOfWork) {
        self.store = store
    }

    /// Changes some of the council's details; the others stay. Returns the details as saved.
    public func updateProfile(by requester: Requester, _ change: @escaping @Sendable (inout CouncilProfile) -> Void) async throws -> CouncilProfile {
        try await store.transaction { tx in
            let before = try await tx.configuration().profile
            var profile = before
            change(&profile)
            try await tx.administration.saveProfile(profile)
            try await tx.audit.append(
                requester.event("council.update", target: "council", before: Self.describe(before), after: Self.describe(profile), at: tx.now))
            return profile
        }
    }

    /// Sets where `service` is told of finished payments; returns the new signing secret (shown once).
    public func setWebhook(service: String, url: WebAddress, by requester: Requester) async throws -> String {
        try await store.transaction { tx in
            let secret = try await tx.administration.setWebhook(service: service, url: url.description)
            try await tx.audit.append(requester.event("service.set_webhook", target: "service:\(service)", after: "url=\(url)", at: tx.now))
            return secret
        }
    }

    /// The details as the audit trail records them.
    static func describe(_ profile: CouncilProfile) -> String {
        "name=\(profile.name); address=\(profile.address.joined(separator: ", ")); vat=\(profile.vatRegistrationNumber); logo=\(profile.logoURL ?? ""); colour=\(profile.brandColour)"
    }
}
