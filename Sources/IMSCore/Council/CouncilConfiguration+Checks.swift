/// The rules a council's configuration must keep as a whole, checked before any of it is saved (by a
/// file or a screen): every problem names the item and the key, e.g. `fund PARK: vat_code "XYZ" is not
/// one of the VAT codes`.
extension CouncilConfiguration {
    public func check() throws(IMSError) {
        var problems: [String] = []
        func duplicates(_ kind: String, _ codes: [String]) {
            var seen: Set<String> = []
            for code in codes where !seen.insert(code).inserted { problems.append("\(kind) \(code): appears more than once") }
        }
        duplicates("vat_code", vatCodes.map(\.code))
        duplicates("fund", funds.map(\.code.rawValue))
        duplicates("method", methodsOfPayment.map(\.code))
        duplicates("office", offices.map(\.code))
        duplicates("fund_group", fundGroups.map(\.code))
        duplicates("system_message", systemMessages.map(\.code))
        if profile.name.trimmingWhitespace().isEmpty { problems.append("council: name is empty") }
        for code in vatCodes {
            if !Self.isCode(code.code) { problems.append("vat_code \(code.code): code must be 1 to 10 letters, digits, - or _") }
            do { for rate in code.rates { try rate.check(code: code.code) } } catch { problems.append(error.reason) }
            if Set(code.rates.map(\.effectiveFrom)).count != code.rates.count {
                problems.append("vat_code \(code.code): two rates take effect on the same day")
            }
        }
        let vatByCode = vatCodesByCode
        for fund in funds {
            let name = "fund \(fund.code)"
            if fund.name.trimmingWhitespace().isEmpty { problems.append("\(name): name is empty") }
            if vatByCode[fund.vatCode] == nil { problems.append("\(name): vat_code \"\(fund.vatCode)\" is not one of the VAT codes") }
            if let minimum = fund.minimumAmount, let maximum = fund.maximumAmount, minimum > maximum {
                problems.append("\(name): minimum is more than maximum")
            }
            if fund.referenceValidator.formats.isEmpty { problems.append("\(name): needs at least one reference format") }
            do { try fund.referenceValidator.checkConfiguration() } catch { problems.append("\(name): \(error.reason)") }
        }
        if funds.filter({ $0.isSuspense && !$0.isRetired }).count > 1 { problems.append("fund: only one fund may be the suspense fund") }
        for method in methodsOfPayment {
            let name = "method \(method.code)"
            if !Self.isCode(method.code) { problems.append("\(name): code must be 1 to 10 letters, digits, - or _") }
            if method.clearingAccountCode.trimmingWhitespace().isEmpty { problems.append("\(name): clearing_account is empty") }
            if let minimum = method.minimumAmount, let maximum = method.maximumAmount, minimum > maximum {
                problems.append("\(name): minimum is more than maximum")
            }
            if case .percentage(let basisPoints) = method.cardFee.charge, !(0...10_000).contains(basisPoints) {
                problems.append("\(name): card_fee_percentage must be between 0 and 100")
            }
        }
        for office in offices where !Self.isCode(office.code) {
            problems.append("office \(office.code): code must be 1 to 10 letters, digits, - or _")
        }
        let fundCodes = Set(funds.map(\.code))
        for group in fundGroups {
            for code in group.funds where !fundCodes.contains(code) {
                problems.append("fund_group \(group.code): fund \(code) is not one of the funds")
            }
        }
        for message in systemMessages where message.text.trimmingWhitespace().isEmpty {
            problems.append("system_message \(message.code): text is empty")
        }
        if !problems.isEmpty { throw .validation(.configurationInvalid, problems.joined(separator: "\n")) }
    }

    static func isCode(_ text: String) -> Bool {
        (1...10).contains(text.count) && text.allSatisfy { $0.isASCIIDigitCharacter || $0.isASCIILetterCharacter || $0 == "-" || $0 == "_" }
    }
}
