extension Receipt {
    public static let notIssued = IMSError.Code("receipt.not_issued")

    /// The receipt of a stored entry: a payment (or other income a payer handed over) gets a receipt, a
    /// simplified or a full VAT invoice by its lines and total; a refund gets a credit note. Journals,
    /// transfers, allocations, reversals and migrated history have no receipt of their own.
    /// - Parameters:
    ///   - isCopy: whether this is a re-issue of a receipt already given.
    ///   - issuedAt: the date of issue; the entry's recording time when nil (the original was issued then).
    public init(entry: Entry, configuration: CouncilConfiguration, isCopy: Bool, issuedAt: Timestamp? = nil) throws(IMSError) {
        let isCreditNote: Bool
        switch entry.kind {
        case .payment, .cashReturn, .fileImport: isCreditNote = false
        case .refund: isCreditNote = true
        case .journal, .transfer, .allocation, .migration, .reversal:
            throw IMSError(.validation, Self.notIssued, "Entry \(entry.id) is a \(entry.kind.rawValue), which has no receipt", field: "entry")
        }
        let vatCodes = configuration.vatCodesByCode
        let lines = entry.fundLines.map { line in
            let fund = line.account.fundCode.flatMap(configuration.fund)
            // The council's VAT code says how the supply is treated; a code removed since is judged by the
            // rate the line was charged at.
            let treatment = line.vatCode.flatMap { vatCodes[$0]?.treatment } ?? (line.vatRateBasisPoints > 0 ? .standard : .outsideScope)
            return Line(
                description: fund?.name ?? line.account.code, fundCode: line.account.code, reference: line.account.reference?.value ?? "",
                narrative: line.narrative, quantity: 1,
                // Income is the credit of a fund line (VAT has the line's sign); what a credit note gives back is its debit.
                gross: isCreditNote ? line.amount : line.incomeAmount, vat: isCreditNote ? line.vatAmount : -line.vatAmount,
                vatCode: line.vatCode, treatment: treatment, rateBasisPoints: treatment.chargesVAT ? line.vatRateBasisPoints : 0)
        }
        let chargesVAT = lines.contains(where: \.chargesVAT)
        let total = lines.map(\.gross).sum()
        self.form = isCreditNote ? .creditNote : Self.form(chargesVAT: chargesVAT, total: total)
        self.isCopy = isCopy
        self.receiptNumber = entry.receiptNumber
        self.entryID = entry.id
        self.originalReceiptNumber = isCreditNote ? entry.correctsEntryID.map(Entry.receiptNumber(forEntryID:)) : nil
        self.taxPoint = entry.occurredAt
        self.issuedAt = issuedAt ?? entry.recordedAt
        self.paymentReference = entry.externalReference
        self.providerReference = entry.pspReference
        self.methodOfPayment = entry.origin.methodOfPayment.map { configuration.methodOfPayment($0)?.name ?? $0 }
        if let brand = entry.card.brand, let last4 = entry.card.lastFourDigits {
            self.card = try? CardSummary(brand: brand, lastFourDigits: last4, expiry: nil)
        } else {
            self.card = nil
        }
        let profile = configuration.profile
        self.supplier = Supplier(name: profile.name, address: profile.address, vatRegistrationNumber: profile.vatRegistrationNumber)
        self.customer = entry.payer.name.flatMap { name in
            name.isEmpty ? nil : Customer(name: name, address: entry.payer.address, postcode: entry.payer.postcode)
        }
        self.lines = lines
    }
}
