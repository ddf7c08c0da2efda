import Foundation
import IMSCore
import SQLKit

/// Payments as rows. Every function takes the connection or transaction to use.
enum PaymentRows {
    static func insert(_ payment: Payment, idempotencyKey: IdempotencyKey?, in database: any SQLDatabase) async throws -> Bool {
        // Two requests with the same key at once: PostgreSQL makes the second insert wait on the unique index
        // until the first commits, then do nothing.
        try await database.raw(
            """
            INSERT INTO payments (id, service, state, amount_pence, lines, return_url, description, email, metadata, language, channel,
                idempotency_key, request_hash, created_at, updated_at, expires_at)
            VALUES (\(bind: payment.id), \(bind: payment.service), \(bind: payment.state.rawValue), \(bind: payment.amount.pence),
                \(bind: try json(payment.lines)), \(bind: payment.returnURL), \(bind: payment.description), \(bind: payment.email),
                \(bind: try json(payment.metadata)), \(bind: payment.language), \(bind: payment.channel.rawValue), \(bind: idempotencyKey?.key),
                \(bind: idempotencyKey?.requestHash), \(bind: payment.createdAt.microsecondsSince1970),
                \(bind: payment.updatedAt.microsecondsSince1970), \(bind: payment.expiresAt.microsecondsSince1970))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first() != nil
    }

    static func payment(service: String, idempotencyKey: IdempotencyKey, in database: any SQLDatabase) async throws -> Payment? {
        guard
            let row = try await database.raw(
                """
                SELECT * FROM payments WHERE service = \(bind: service) AND idempotency_key = \(bind: idempotencyKey.key)
                """
            ).first()
        else { return nil }
        _ = try idempotencyKey.decide(stored: try row.decode(column: "request_hash", as: String?.self) ?? "")
        return try payment(from: row)
    }

    /// The payment's row, locked for the rest of the transaction (`FOR UPDATE` on PostgreSQL; SQLite's write
    /// transaction already excludes other writers).
    static func lock(_ id: String, dialect: SQLDialectKind, in database: any SQLDatabase) async throws -> LockedPayment {
        let rowLock = dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try await database.raw("SELECT * FROM payments WHERE id = \(bind: id)\(unsafeRaw: rowLock)").first() else {
            throw IMSError(.notFound, .paymentNotFound, "There is no payment \(id)")
        }
        return LockedPayment(
            payment: try payment(from: row),
            nextCheckAt: try row.decode(column: "next_check_at", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)),
            checkAttempts: Int(try row.decode(column: "check_attempts", as: Int64.self)),
            handOffClaimedAt: try row.decode(column: "handoff_claimed_at", as: Int64?.self).map(Timestamp.init(microsecondsSince1970:)))
    }

    static func save(_ locked: LockedPayment, in database: any SQLDatabase) async throws {
        let payment = locked.payment
        try await database.raw(
            """
            UPDATE payments SET state = \(bind: payment.state.rawValue), provider = \(bind: payment.provider),
                provider_payment_id = \(bind: payment.providerPaymentID), provider_account = \(bind: payment.providerAccount),
                provider_next_url = \(bind: payment.providerNextURL), card_brand = \(bind: payment.card?.brand),
                card_last4 = \(bind: payment.card?.lastFourDigits), card_expiry = \(bind: payment.card?.expiry),
                failure_code = \(bind: payment.failureCode), failure_message = \(bind: payment.failureMessage),
                payer_name = \(bind: payment.payer.name), payer_address = \(bind: payment.payer.address), postcode = \(bind: payment.payer.postcode),
                entry_id = \(bind: payment.entryID), captured_at = \(bind: payment.capturedAt?.microsecondsSince1970),
                attention = \(bind: payment.attention), next_check_at = \(bind: locked.nextCheckAt?.microsecondsSince1970),
                check_attempts = \(bind: Int64(locked.checkAttempts)), handoff_claimed_at = \(bind: locked.handOffClaimedAt?.microsecondsSince1970),
                updated_at = \(bind: payment.updatedAt.microsecondsSince1970)
            WHERE id = \(bind: payment.id)
            """
        ).run()
    }

    static func recordEvent(_ id: String, state: PaymentState, detail: String?, at time: Timestamp, in database: any SQLDatabase) async throws {
        try await database.raw(
            """
            INSERT INTO payment_events (payment_id, occurred_at, state, detail)
            VALUES (\(bind: id), \(bind: time.microsecondsSince1970), \(bind: state.rawValue), \(bind: detail))
            """
        ).run()
    }

    static func payment(from row: any SQLRow) throws -> Payment {
        func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
        func time(_ column: String) throws -> Timestamp { Timestamp(microsecondsSince1970: try row.decode(column: column, as: Int64.self)) }
        let id = try row.decode(column: "id", as: String.self)
        guard let state = PaymentState(rawValue: try row.decode(column: "state", as: String.self)) else {
            throw StoreError(.corruptRow, "Payment \(id) has an unknown state")
        }
        guard let channel = Channel(rawValue: try row.decode(column: "channel", as: String.self)) else {
            throw StoreError(.corruptRow, "Payment \(id) has an unknown channel")
        }
        let lines = try JSONDecoder().decode([PaymentRequest.Line].self, from: Data(try row.decode(column: "lines", as: String.self).utf8))
        let metadata = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "metadata", as: String.self).utf8))
        var card: CardSummary?
        if let brand = try text("card_brand"), let last4 = try text("card_last4") {
            card = try CardSummary(brand: brand, lastFourDigits: last4, expiry: try text("card_expiry"))
        }
        return Payment(
            id: id, service: try row.decode(column: "service", as: String.self), state: state, lines: lines,
            amount: Money(pence: try row.decode(column: "amount_pence", as: Int64.self)),
            returnURL: try row.decode(column: "return_url", as: String.self),
            description: try text("description"), email: try text("email"), metadata: metadata,
            language: try row.decode(column: "language", as: String.self), channel: channel,
            provider: try text("provider"), providerPaymentID: try text("provider_payment_id"), providerAccount: try text("provider_account"),
            providerNextURL: try text("provider_next_url"), card: card, failureCode: try text("failure_code"),
            failureMessage: try text("failure_message"),
            payer: PayerDetails(name: try text("payer_name"), address: try text("payer_address"), postcode: try text("postcode")),
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

/// `PaymentTransaction` over one transaction of the store.
struct SQLPaymentTransaction: PaymentTransaction {
    let database: any SQLDatabase
    let dialect: SQLDialectKind
    let now: Timestamp

    func insert(_ payment: Payment, idempotencyKey: IdempotencyKey?) async throws -> Bool {
        try await PaymentRows.insert(payment, idempotencyKey: idempotencyKey, in: database)
    }

    func payment(service: String, idempotencyKey: IdempotencyKey) async throws -> Payment? {
        try await PaymentRows.payment(service: service, idempotencyKey: idempotencyKey, in: database)
    }

    func lock(_ id: String) async throws -> LockedPayment {
        try await PaymentRows.lock(id, dialect: dialect, in: database)
    }

    func save(_ locked: LockedPayment) async throws {
        try await PaymentRows.save(locked, in: database)
    }

    func recordEvent(_ id: String, state: PaymentState, detail: String?) async throws {
        try await PaymentRows.recordEvent(id, state: state, detail: detail, at: now, in: database)
    }
}
