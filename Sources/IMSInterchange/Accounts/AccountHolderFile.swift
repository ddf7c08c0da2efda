import IMSCore

/// Which columns of a council system's CSV export hold each part of an account holder. The file has a header
/// row; by default the columns are named `fund`, `reference`, `name`, `address`, `postcode`, `balance` and
/// `on_stop`, and a mapping renames any of them (`reference=AccountNo,address=Addr1+Addr2+Addr3`). A file
/// for one fund may leave out the fund column and name the fund instead.
public struct AccountHolderMapping: Hashable, Sendable {
    public var fundColumn: String?
    /// The fund of every row, for a file with no fund column.
    public var fund: FundCode?
    public var reference = "reference"
    public var name = "name"
    /// Columns joined as the address's lines (empty ones left out).
    public var address = ["address"]
    public var postcode: String? = "postcode"
    /// Pounds and pence (`1,234.56`, `-12.00` for a credit), optional.
    public var balance: String? = "balance"
    /// `Y`/`yes`/`true`/`1` (on stop with the council's usual reason), empty or `N`/`no`/`false`/`0` (not on stop),
    /// or any other text (on stop, with that text as the reason); optional.
    public var onStop: String? = "on_stop"

    public init(fund: FundCode? = nil) {
        self.fund = fund
        fundColumn = fund == nil ? "fund" : nil
    }

    /// Reads `field=Column` pairs separated by commas; the address takes several columns joined by `+`.
    /// The optional columns (postcode, balance, on_stop) may be mapped to nothing with `postcode=`.
    public init(parsing text: String, fund: FundCode?) throws(IMSError) {
        self.init(fund: fund)
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
            guard parts.count == 2 else { throw Self.invalid("\(pair) is not field=Column") }
            let column = parts[1].isEmpty ? nil : parts[1]
            switch parts[0] {
            case "fund": fundColumn = column
            case "reference": reference = try Self.required(column, "reference")
            case "name": name = try Self.required(column, "name")
            case "address": address = column.map { $0.split(separator: "+").map { $0.trimmingWhitespace() } } ?? []
            case "postcode": postcode = column
            case "balance": balance = column
            case "on_stop": onStop = column
            default: throw Self.invalid("\(parts[0]) is not one of fund, reference, name, address, postcode, balance, on_stop")
            }
        }
        if fundColumn == nil && self.fund == nil { throw Self.invalid("name the fund column (fund=Column) or the fund of the whole file") }
    }

    private static func required(_ column: String?, _ field: String) throws(IMSError) -> String {
        guard let column else { throw invalid("\(field) needs a column") }
        return column
    }

    static func invalid(_ reason: String) -> IMSError { .validation(.accountFileInvalid, "The column mapping is not right: \(reason)") }
}

/// Reads a file of account holders: every row checked against the council's funds (the fund exists, the
/// reference passes the fund's formats), bad rows refused with their line and reason, good rows kept.
public enum AccountHolderFile {
    public struct Contents: Sendable {
        public var holders: [AccountHolder]
        public var rejections: [AccountRowRejection]

        public init(holders: [AccountHolder], rejections: [AccountRowRejection]) {
            self.holders = holders
            self.rejections = rejections
        }
    }

    public static func read(_ bytes: [UInt8], mapping: AccountHolderMapping, configuration: CouncilConfiguration) throws(IMSError) -> Contents {
        let reader = CSVReader(bytes: bytes)
        guard case .record(let header)? = try next(reader) else { throw .validation(.accountFileInvalid, "The file is empty: it needs a header row") }
        let columns = Columns(header: header.fields.map { $0.trimmingWhitespace() })
        let layout = try Layout(mapping, columns)
        var holders: [AccountHolder] = []
        var rejections: [AccountRowRejection] = []
        var seen: [AccountKey: Int] = [:]
        while let row = try next(reader) {
            switch row {
            case .malformed(let error): rejections.append(AccountRowRejection(line: error.line ?? 0, reason: error.reason))
            case .record(let record):
                if record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
                do throws(IMSError) {
                    let holder = try layout.holder(record, configuration: configuration)
                    let key = AccountKey(fundCode: holder.fundCode, reference: holder.reference)
                    if let first = seen[key] {
                        throw IMSError.validation(
                            .accountFileInvalid, "repeats the account \(holder.reference) of \(holder.fundCode) on line \(first)")
                    }
                    seen[key] = record.line
                    holders.append(holder)
                } catch {
                    rejections.append(AccountRowRejection(line: record.line, reason: error.reason))
                }
            }
        }
        return Contents(holders: holders, rejections: rejections)
    }

    private static func next(_ reader: CSVReader) throws(IMSError) -> CSVRow? {
        do { return try reader.next() } catch { throw .validation(.accountFileInvalid, "The file cannot be read: \(error.reason)") }
    }

    private struct Columns {
        let header: [String]
        func index(_ name: String) -> Int? { header.firstIndex { $0.lowercased() == name.lowercased() } }
    }

    /// The mapping resolved to column positions.
    private struct Layout {
        var fund: Int?
        var fixedFund: FundCode?
        var reference: Int
        var name: Int
        var address: [Int]
        var postcode: Int?
        var balance: Int?
        var onStop: Int?

        init(_ mapping: AccountHolderMapping, _ columns: Columns) throws(IMSError) {
            func find(_ column: String) throws(IMSError) -> Int {
                guard let index = columns.index(column) else {
                    throw .validation(
                        .accountFileInvalid, "The file has no column \(column); its columns are \(columns.header.joined(separator: ", "))")
                }
                return index
            }
            // Optional columns left at their default names may be absent; a column the mapping names must exist.
            func optional(_ column: String?, default name: String) throws(IMSError) -> Int? {
                guard let column else { return nil }
                return column == name ? columns.index(column) : try find(column)
            }
            fund = try mapping.fundColumn.map { column throws(IMSError) in try find(column) }
            fixedFund = mapping.fund
            reference = try find(mapping.reference)
            name = try find(mapping.name)
            address = []
            for column in mapping.address { address.append(try find(column)) }
            postcode = try optional(mapping.postcode, default: "postcode")
            balance = try optional(mapping.balance, default: "balance")
            onStop = try optional(mapping.onStop, default: "on_stop")
        }

        func holder(_ record: CSVRecord, configuration: CouncilConfiguration) throws(IMSError) -> AccountHolder {
            func text(_ index: Int?) -> String? {
                guard let index, index < record.count else { return nil }
                let value = record[index].trimmingWhitespace()
                return value.isEmpty ? nil : value
            }
            let code: FundCode
            if let fund {
                guard let fundText = text(fund) else { throw .validation(.accountFileInvalid, "the fund is empty") }
                code = try FundCode(parsing: fundText)
            } else if let fixedFund {
                code = fixedFund
            } else {
                throw .validation(.accountFileInvalid, "the fund is not given")
            }
            guard let fundItem = configuration.fund(code), !fundItem.isSuspense else {
                throw .validation(.fundUnknown, "\(code) is not one of the council's funds")
            }
            let reference = try fundItem.validateReference(text(reference) ?? "")
            guard let holderName = text(name) else { throw .validation(.accountFileInvalid, "the name is empty") }
            var balanceMoney: Money?
            if let balanceText = text(balance) { balanceMoney = try Money.parse(balanceText, field: "balance") }
            return AccountHolder(
                fundCode: code, reference: reference, name: holderName, address: address.compactMap { text($0) },
                postcode: text(postcode)?.uppercased(),
                balance: balanceMoney, onStopReason: Self.onStopReason(text(onStop)))
        }

        static func onStopReason(_ text: String?) -> String? {
            guard let text else { return nil }
            switch text.lowercased() {
            case "n", "no", "false", "0": return nil
            case "y", "yes", "true", "1": return AccountHolder.defaultOnStopReason
            default: return text
            }
        }
    }
}
