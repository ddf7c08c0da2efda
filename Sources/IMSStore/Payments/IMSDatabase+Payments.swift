import Foundation
import IMSCore
import SQLKit

/// What a council service's webhook receives when a payment finishes.
public struct PaymentWebhookBody: Codable, Sendable, Hashable {
    public let event: String
    public let paymentId: String
    public let state: String
    public let amount: Int64
    public let receiptNumber: String?
    public let providerReference: String?
    public let cardBrand: String?
    public let cardLast4: String?
    public let metadata: [String: String]
    public let occurredAt: String

    enum CodingKeys: String, CodingKey {
        case event, state, amount, metadata
        case paymentId = "payment_id", receiptNumber = "receipt_number", providerReference = "provider_reference"
        case cardBrand = "card_brand", cardLast4 = "card_last4", occurredAt = "occurred_at"
    }
}

extension IMSDatabase {
    /// Records a new payment (state `created`, expiring after `expiresAfterSeconds`). With an idempotency key
    /// seen before for the same request, returns the original and writes nothing (`created` false); with a
    /// different request, throws `idempotency.key_reused`.
    public func createPayment(
        _ basket: PaymentBasket, service: String, channel: String, expiresAfterSeconds: Int64, idempotencyKey: IdempotencyKey?
    ) async throws -> (payment: Payment, created: Bool) {
        let now = clock.now()
        let lines = basket.items.map {
            PaymentRequest.Line(fundCode: $0.fund.code.rawValue, reference: $0.reference.value, amount: $0.amount.pence, narrative: $0.narrative)
        }
        let payment = Payment(
            id: Payment.newID(), service: service, state: .created, lines: lines, amount: basket.total, returnURL: basket.returnURL.absoluteString,
            description: basket.description, email: basket.email, metadata: basket.metadata, language: basket.language, channel: channel,
            createdAt: now, updatedAt: now, expiresAt: now.adding(seconds: expiresAfterSeconds))
        let linesJSON = try Self.json(lines)
        let metadataJSON = try Self.json(basket.metadata)
        return try await backend.write { database in
            if let idempotencyKey, let original = try await Self.payment(service: service, idempotencyKey: idempotencyKey, in: database) {
                return (original, false)
            }
            // Two requests with the same key at once: PostgreSQL makes the second insert wait on the unique
            // index until the first commits, then do nothing; the second then returns the first's payment.
            let inserted = try await database.raw("""
                INSERT INTO payments (id, service, state, amount_pence, lines, return_url, description, email, metadata, language, channel,
                    idempotency_key, request_hash, created_at, updated_at, expires_at)
                VALUES (\(bind: payment.id), \(bind: service), \(bind: payment.state.rawValue), \(bind: payment.amount.pence), \(bind: linesJSON),
                    \(bind: payment.returnURL), \(bind: payment.description), \(bind: payment.email), \(bind: metadataJSON), \(bind: payment.language),
                    \(bind: channel), \(bind: idempotencyKey?.key), \(bind: idempotencyKey?.requestHash), \(bind: now.microsecondsSince1970),
                    \(bind: now.microsecondsSince1970), \(bind: payment.expiresAt.microsecondsSince1970))
                ON CONFLICT DO NOTHING RETURNING id
                """).first()
            guard inserted != nil else {
                guard let idempotencyKey, let original = try await Self.payment(service: service, idempotencyKey: idempotencyKey, in: database) else {
                    throw StoreError(.queryFailed, "Payment \(payment.id) could not be recorded")
                }
                return (original, false)
            }
            try await Self.recordPaymentEvent(payment.id, state: .created, detail: nil, at: now, in: database)
            return (payment, true)
        }
    }

    /// The payment `service` made with `idempotencyKey`; throws `idempotency.key_reused` when the key came
    /// with another request.
    private static func payment(service: String, idempotencyKey: IdempotencyKey, in database: any SQLDatabase) async throws -> Payment? {
        guard let row = try await database.raw("""
            SELECT * FROM payments WHERE service = \(bind: service) AND idempotency_key = \(bind: idempotencyKey.key)
            """).first() else { return nil }
        _ = try idempotencyKey.decide(stored: try row.decode(column: "request_hash", as: String?.self) ?? "")
        return try payment(from: row)
    }

    public func payment(id: String) async throws -> Payment? {
        guard Payment.isWellFormedID(id) else { return nil }
        return try await backend.read { database in
            try await database.raw("SELECT * FROM payments WHERE id = \(bind: id)").first().map(Self.payment(from:))
        }
    }

    /// A payment's history, oldest first.
    public func paymentEvents(id: String) async throws -> [PaymentEventRecord] {
        try await backend.read { database in
            try await database.raw("SELECT occurred_at, state, detail FROM payment_events WHERE payment_id = \(bind: id) ORDER BY id").all().map { row in
                PaymentEventRecord(
                    occurredAt: Timestamp(microsecondsSince1970: try row.decode(column: "occurred_at", as: Int64.self)),
                    state: PaymentState(rawValue: try row.decode(column: "state", as: String.self)) ?? .error,
                    detail: try row.decode(column: "detail", as: String?.self))
            }
        }
    }

    /// Notes the payer's name and address (needed on a full VAT invoice) before the hand-off to the provider.
    public func setPayer(of id: String, name: String?, address: String?, postcode: String?) async throws {
        let now = clock.now().microsecondsSince1970
        try await backend.write { database in
            try await database.raw("""
                UPDATE payments SET payer_name = \(bind: name), payer_address = \(bind: address), postcode = \(bind: postcode), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND state IN ('created', 'started')
                """).run()
        }
    }

    /// Applies an event in one transaction holding the payment's row lock. A move to `success` posts the
    /// ledger entry in that same transaction, so however many times a success arrives, one entry is posted.
    /// Money taken always reaches the ledger: what cannot go to its fund (the provider took another amount, a
    /// fund has gone) goes to suspense (``SuccessfulPaymentPosting``), and the payment is flagged for an
    /// officer with an audit event in the same transaction. A success that later turns into `error` at the
    /// provider (its capture failed) keeps its entry and is flagged.
    @discardableResult
    public func applyPaymentEvent(
        _ id: String, _ event: PaymentState.Event, status: ProviderPaymentStatus? = nil, configuration: CouncilConfiguration
    ) async throws -> (payment: Payment, transition: PaymentState.Transition) {
        try await changePayment(id, event: event, status: status, configuration: configuration) { payment in
            if let card = status?.card { payment.card = card }
            if let capturedAt = status?.capturedAt, payment.capturedAt == nil { payment.capturedAt = capturedAt }
            if case .provider(.failed(let failure)) = event {
                payment.failureCode = failure.code
                payment.failureMessage = failure.message
            }
        }
    }

    /// Open payments whose time is up, oldest first.
    public func duePayments(limit: Int = 100) async throws -> [Payment] {
        let now = clock.now().microsecondsSince1970
        return try await backend.read { database in
            try await database.raw("""
                SELECT * FROM payments WHERE state IN ('created', 'started') AND expires_at <= \(bind: now) ORDER BY expires_at LIMIT \(bind: Int64(limit))
                """).all().map(Self.payment(from:))
        }
    }

    func changePayment(
        _ id: String, event: PaymentState.Event, status: ProviderPaymentStatus? = nil, configuration: CouncilConfiguration?,
        update: @escaping @Sendable (inout Payment) -> Void
    ) async throws -> (payment: Payment, transition: PaymentState.Transition) {
        let now = clock.now()
        let rowLock = backend.rowLock
        let dialect = backend.dialect
        return try await backend.write { database in
            let row = try await Self.lockedPaymentRow(id, rowLock: rowLock, in: database)
            var payment = try Self.payment(from: row)
            let previous = payment.state
            var attempts = try row.decode(column: "check_attempts", as: Int64.self)
            if previous == .success, case .provider(.error(let failure)) = event {
                // The capture failed after the success was posted: the entry stands until an officer acts.
                let reason = "The provider reported an error after success (\(failure.map { "\($0.code) \($0.message)" } ?? "no reason given")): the money may not have been captured"
                if payment.attention != reason {
                    payment.attention = reason
                    payment.updatedAt = now
                    try await Self.recordPaymentEvent(id, state: .error, detail: reason, at: now, in: database)
                    try await Self.flag(payment, reason: reason, at: now, dialect: dialect, in: database)
                }
                try await Self.save(payment, nextCheckAt: nil, attempts: attempts, in: database)
                return (payment, .unchanged)
            }
            let transition = try payment.state.transition(on: event)
            update(&payment)
            if case .moved(let state) = transition {
                payment.state = state
                payment.updatedAt = now
                var detail = Self.detail(of: event)
                if state == .success, let configuration {
                    let plan = try SuccessfulPaymentPosting.plan(
                        for: payment, providerAmount: status?.amount ?? payment.amount, previousState: previous, configuration: configuration)
                    payment.entryID = try await self.postEntry(plan.items, for: payment, at: payment.capturedAt ?? now, configuration: configuration, in: database).id
                    if let reason = plan.attention {
                        payment.attention = reason
                        detail = reason
                        try await Self.flag(payment, reason: reason, at: now, dialect: dialect, in: database)
                    }
                }
                try await Self.recordPaymentEvent(id, state: state, detail: detail, at: now, in: database)
                if state.isFinished { try await Self.enqueueWebhook(for: payment, at: now, in: database) }
                attempts = 0
            }
            let nextCheck = PaymentReconciliation.nextCheck(
                after: Int(attempts), state: payment.state, capturedAt: payment.capturedAt, handedToProvider: payment.providerPaymentID != nil, now: now)
            try await Self.save(payment, nextCheckAt: nextCheck, attempts: attempts, in: database)
            return (payment, transition)
        }
    }

    /// Writes the flag on a payment to the audit trail, in the transaction that raised it.
    static func flag(_ payment: Payment, reason: String, at time: Timestamp, dialect: SQLDialectKind, in database: any SQLDatabase) async throws {
        _ = try await appendAudit(AuditEvent(
            occurredAt: time, actor: "system:payments", address: nil, action: "payment.attention", target: "payment:\(payment.id)",
            outcome: AuditEvent.success, before: nil, after: reason), dialect: dialect, in: database)
    }

    private func postEntry(
        _ items: [PaymentItem], for payment: Payment, at time: Timestamp, configuration: CouncilConfiguration, in database: any SQLDatabase
    ) async throws -> Entry {
        guard let card = configuration.methodOfPayment("CARD") else {
            throw IMSError(.internal, .entryInvalid, "The council has no CARD method of payment")
        }
        let office = ["moto": "CONTACT", "atp": "ATP"][payment.channel] ?? "WEB"
        let details = PaymentDetails(
            occurredAt: time, recordedBy: payment.service == "public" ? .system("online") : .service(payment.service), methodOfPayment: card,
            channel: payment.channel, office: office, payerName: payment.payerName, payerAddress: payment.payerAddress, postcode: payment.postcode,
            pspReference: payment.providerPaymentID, cardBrand: payment.card?.brand, cardLast4: payment.card?.lastFourDigits,
            narrative: payment.description, clearingAccount: .clearing("CARD-\(payment.provider?.uppercased() ?? "PROVIDER")"),
            externalReference: payment.id)
        let content = try PostingRules.payment(items, details: details, vatCodes: configuration.vatCodesByCode, enforceLimits: false)
        return try await insertAndSeal(content, recordedAt: clock.now(), in: database)
    }

    private static func detail(of event: PaymentState.Event) -> String? {
        switch event {
        case .handedToProvider: "handed to the provider"
        case .cancel: "cancelled"
        case .expire: "expired unfinished"
        case .provider(.failed(let failure)): "\(failure.code): \(failure.message)"
        case .provider(let state): "provider reported \(state)"
        }
    }

    static func recordPaymentEvent(_ id: String, state: PaymentState, detail: String?, at time: Timestamp, in database: any SQLDatabase) async throws {
        try await database.raw("""
            INSERT INTO payment_events (payment_id, occurred_at, state, detail)
            VALUES (\(bind: id), \(bind: time.microsecondsSince1970), \(bind: state.rawValue), \(bind: detail))
            """).run()
    }

    private static func enqueueWebhook(for payment: Payment, at time: Timestamp, in database: any SQLDatabase) async throws {
        guard let row = try await database.raw("SELECT webhook_url FROM services WHERE name = \(bind: payment.service)").first(),
              try row.decode(column: "webhook_url", as: String?.self) != nil else { return }
        let body = PaymentWebhookBody(
            event: "payment.\(payment.state.rawValue)", paymentId: payment.id, state: payment.state.rawValue, amount: payment.amount.pence,
            receiptNumber: payment.receiptNumber, providerReference: payment.providerPaymentID, cardBrand: payment.card?.brand,
            cardLast4: payment.card?.lastFourDigits, metadata: payment.metadata, occurredAt: time.iso8601)
        try await database.raw("""
            INSERT INTO webhook_deliveries (service, payment_id, event, body, attempts, next_attempt_at, created_at)
            VALUES (\(bind: payment.service), \(bind: payment.id), \(bind: body.event), \(bind: try json(body)), \(bind: Int64(0)),
                \(bind: time.microsecondsSince1970), \(bind: time.microsecondsSince1970))
            """).run()
    }

    static func save(_ payment: Payment, nextCheckAt: Timestamp?, attempts: Int64, in database: any SQLDatabase) async throws {
        try await database.raw("""
            UPDATE payments SET state = \(bind: payment.state.rawValue), provider = \(bind: payment.provider),
                provider_payment_id = \(bind: payment.providerPaymentID), provider_account = \(bind: payment.providerAccount),
                provider_next_url = \(bind: payment.providerNextURL), card_brand = \(bind: payment.card?.brand),
                card_last4 = \(bind: payment.card?.lastFourDigits), card_expiry = \(bind: payment.card?.expiry),
                failure_code = \(bind: payment.failureCode), failure_message = \(bind: payment.failureMessage),
                entry_id = \(bind: payment.entryID), captured_at = \(bind: payment.capturedAt?.microsecondsSince1970),
                attention = \(bind: payment.attention), next_check_at = \(bind: nextCheckAt?.microsecondsSince1970),
                check_attempts = \(bind: attempts), updated_at = \(bind: payment.updatedAt.microsecondsSince1970)
            WHERE id = \(bind: payment.id)
            """).run()
    }

    static func payment(from row: any SQLRow) throws -> Payment {
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func time(_ column: String) throws -> Timestamp { Timestamp(microsecondsSince1970: try row.decode(column: column, as: Int64.self)) }
        let id = try row.decode(column: "id", as: String.self)
        guard let state = PaymentState(rawValue: try row.decode(column: "state", as: String.self)) else {
            throw StoreError(.corruptRow, "Payment \(id) has an unknown state")
        }
        let lines = try JSONDecoder().decode([PaymentRequest.Line].self, from: Data(try row.decode(column: "lines", as: String.self).utf8))
        let metadata = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "metadata", as: String.self).utf8))
        var card: ProviderCardSummary?
        if let brand = try text("card_brand"), let last4 = try text("card_last4") {
            card = try ProviderCardSummary(brand: brand, lastFourDigits: last4, expiry: try text("card_expiry"))
        }
        return Payment(
            id: id, service: try row.decode(column: "service", as: String.self), state: state, lines: lines,
            amount: Money(pence: try row.decode(column: "amount_pence", as: Int64.self)), returnURL: try row.decode(column: "return_url", as: String.self),
            description: try text("description"), email: try text("email"), metadata: metadata,
            language: try row.decode(column: "language", as: String.self), channel: try row.decode(column: "channel", as: String.self),
            provider: try text("provider"), providerPaymentID: try text("provider_payment_id"), providerAccount: try text("provider_account"),
            providerNextURL: try text("provider_next_url"), card: card, failureCode: try text("failure_code"), failureMessage: try text("failure_message"),
            payerName: try text("payer_name"), payerAddress: try text("payer_address"), postcode: try text("postcode"),
            entryID: try row.decode(column: "entry_id", as: Int64?.self),
            capturedAt: try row.decode(column: "captured_at", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)),
            attention: try text("attention"), createdAt: try time("created_at"), updatedAt: try time("updated_at"),
            expiresAt: try time("expires_at"))
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
