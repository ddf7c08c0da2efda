import IMSCore

extension LegacyFileGenerator {
    /// What generated rows are made of: funds and their reference rules, amounts by fund, channels, names,
    /// streets, narratives, and the faulty values for rows that must be rejected. Text is held as UTF-8 bytes.
    struct Content {
        struct Channel {
            var method: [UInt8]
            var office: [UInt8]
            var users: [[UInt8]]
            var isCard: Bool
            var receiptPrefix: [UInt8]
            var weight: UInt64
        }

        let fundCodes: [[UInt8]]
        let vatCodes: [[UInt8]]
        let narratives: [[[UInt8]]]
        private let funds: [FundCode]
        private let vatRates: [VATCode]
        private let cumulativeFundWeights: [UInt64]
        private static let cumulativeChannelWeights: [UInt64] = channels.reduce(into: []) { $0.append(($0.last ?? 0) + $1.weight) }

        init(funds: [FundCode]) {
            precondition(!funds.isEmpty, "the generator needs at least one fund")
            self.funds = funds
            fundCodes = funds.map { Array($0.rawValue.utf8) }
            let vatByCode = Dictionary(DemoCouncil.vatCodes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            let vatCodeNames = funds.map { code in DemoCouncil.funds.first { $0.code == code }?.vatCode ?? "OUT" }
            vatCodes = vatCodeNames.map { Array($0.utf8) }
            vatRates = vatCodeNames.map {
                vatByCode[$0] ?? VATCode(code: "OUT", name: "Outside the scope of VAT", treatment: .outsideScope, rateBasisPoints: 0)
            }
            narratives = funds.map { Self.narratives(for: $0).map { Array($0.utf8) } }
            cumulativeFundWeights = funds.map(Self.weight(of:)).reduce(into: []) { $0.append(($0.last ?? 0) + $1) }
        }

        // MARK: Funds, references, amounts

        private static func weight(of fund: FundCode) -> UInt64 {
            switch fund.rawValue {
            case "CTAX": 35
            case "PARK": 15
            case "BINS": 12
            case "SUND": 10
            case "NNDR", "BCON": 8
            case "LICN": 7
            default: 5
            }
        }

        func pickFund(_ random: inout SeededRandom) -> Int {
            Self.pickWeighted(cumulativeFundWeights, &random)
        }

        func pickChannel(_ random: inout SeededRandom) -> Int {
            Self.pickWeighted(Self.cumulativeChannelWeights, &random)
        }

        private static func pickWeighted(_ cumulative: [UInt64], _ random: inout SeededRandom) -> Int {
            let roll = random.next(upTo: cumulative.last!)
            return cumulative.firstIndex { roll < $0 }!
        }

        /// A reference that passes the fund's validator, check character included, built as bytes.
        func accountReference(fund: Int, _ random: inout SeededRandom) -> [UInt8] {
            var text: [UInt8] = []
            text.reserveCapacity(16)
            func digits(_ count: Int) { Self.appendDigits(&text, count: count, &random) }
            func letters(_ count: Int) {
                for _ in 0..<count { text.append(Self.referenceLetters[Int(random.next(upTo: UInt64(Self.referenceLetters.count)))]) }
            }
            func literal(_ prefix: StaticString) {
                prefix.withUTF8Buffer { text.append(contentsOf: $0) }
            }
            switch funds[fund].rawValue {
            case "CTAX":
                literal("77")
                digits(6)
                text.append(Self.luhnCheckDigit(text))
            case "NNDR":
                literal("56")
                digits(6)
                text.append(Self.businessRatesCheck(text))
            case "PARK":
                letters(2)
                digits(8)
            case "BINS":
                literal("GW-")
                digits(6)
            case "SUND":
                literal(random.next(upTo: 2) == 0 ? "9" : "3")
                digits(8)
            case "LICN", "PLAN":
                literal(funds[fund].rawValue == "LICN" ? "LIC/" : "PA/")
                text.append(contentsOf: Array(String(2019 + random.next(upTo: 8)).utf8))
                literal("/")
                digits(4)
            case "BCON":
                literal("BC-")
                digits(6)
            default:
                digits(8)
            }
            return text
        }

        private static let referenceLetters = Array("ABCDEFGHJKLMNPRSTUVWXYZ".utf8)

        /// `count` random ASCII digits, taken several from one random number.
        static func appendDigits(_ text: inout [UInt8], count: Int, _ random: inout SeededRandom) {
            var remaining = count
            while remaining > 0 {
                var value = random.next()
                for _ in 0..<min(remaining, 18) {
                    text.append(UInt8(ascii: "0") + UInt8(value % 10))
                    value /= 10
                }
                remaining -= min(remaining, 18)
            }
        }

        /// The Luhn check digit of ASCII digits (the rule `CheckCharacterScheme.luhn` applies).
        static func luhnCheckDigit(_ payload: [UInt8]) -> UInt8 {
            var sum = 0
            for (offset, byte) in payload.reversed().enumerated() {
                let digit = Int(byte - UInt8(ascii: "0"))
                sum += offset % 2 == 0 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
            }
            return UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10)
        }

        /// The demo council's business rates check character (`DemoCouncil.businessRatesCheck`), computed
        /// from the scheme's own weights, modulus and result characters.
        static func businessRatesCheck(_ payload: [UInt8]) -> UInt8 {
            let scheme = DemoCouncil.businessRatesCheck
            var sum = 0
            for (byte, weight) in zip(payload.suffix(scheme.weights.count), scheme.weights) {
                sum += Int(byte - UInt8(ascii: "0")) * weight
            }
            let remainder = sum % scheme.modulus
            let result = scheme.subtractFromModulus ? scheme.modulus - remainder : remainder
            if let mapped = scheme.resultCharacters[result]?.utf8.first { return mapped }
            return UInt8(ascii: "0") + UInt8(result)
        }

        func amountPence(fund: Int, _ random: inout SeededRandom) -> Int64 {
            func between(_ low: Int64, _ high: Int64) -> Int64 { low * 100 + Int64(random.next(upTo: UInt64((high - low) * 100))) }
            switch funds[fund].rawValue {
            case "CTAX": return between(40, 260)
            case "NNDR": return between(150, 4_000)
            case "PARK": return [3_500, 7_000, 11_000][Int(random.next(upTo: 3))]
            case "BINS": return [4_500, 3_000, 6_000][Int(random.next(upTo: 3))]
            case "SUND": return between(20, 1_500)
            case "LICN": return between(50, 600)
            case "PLAN": return between(250, 1_200)
            case "BCON": return between(300, 900)
            default: return between(10, 100)
            }
        }

        func vat(fund: Int, grossPence: Int64) -> Int64 {
            vatRates[fund].vat(onGross: Money(pence: grossPence)).pence
        }

        /// `TH00001234`: a channel's prefix and a number that never repeats within a file.
        func receiptReference(number: Int, channel: Int) -> [UInt8] {
            var text = Self.channels[channel].receiptPrefix
            let digits = Array(String(number).utf8)
            text.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: max(0, 8 - digits.count)))
            text.append(contentsOf: digits)
            return text
        }

        // MARK: People and places

        func writeAddress(_ writer: inout CSVByteWriter, _ random: inout SeededRandom) {
            // Every street and town is a plain name, so the only character needing quotes is the comma.
            writer.raw(UInt8(ascii: "\""))
            writer.number(1 + Int(random.next(upTo: 180)))
            writer.raw(UInt8(ascii: " "))
            writer.raw(pick(Self.streets, &random))
            writer.raw(UInt8(ascii: ","))
            writer.raw(UInt8(ascii: " "))
            writer.raw(pick(Self.towns, &random))
            writer.raw(UInt8(ascii: "\""))
        }

        func writePostcode(_ writer: inout CSVByteWriter, _ random: inout SeededRandom) {
            let letters = Array("ABDEFGHJLNPQRSTUWXYZ".utf8)
            writer.raw(pick(Self.postcodeAreas, &random))
            writer.number(1 + Int(random.next(upTo: 20)))
            writer.raw(UInt8(ascii: " "))
            writer.number(1 + Int(random.next(upTo: 9)))
            writer.raw(letters[Int(random.next(upTo: UInt64(letters.count)))])
            writer.raw(letters[Int(random.next(upTo: UInt64(letters.count)))])
        }

        /// `pi_` and 20 letters and digits with a letter every fourth place, so no run of digits could ever
        /// be mistaken for a card number.
        func writePSPReference(_ writer: inout CSVByteWriter, _ random: inout SeededRandom) {
            writer.raw(UInt8(ascii: "p"))
            writer.raw(UInt8(ascii: "i"))
            writer.raw(UInt8(ascii: "_"))
            var value = random.next()
            for position in 0..<20 {
                if position == 10 { value = random.next() }
                let size: UInt64 = position % 4 == 0 ? 26 : 36
                let index = UInt8(value % size)
                writer.raw(index < 26 ? UInt8(ascii: "a") + index : UInt8(ascii: "0") + index - 26)
                value /= size
            }
        }

        func narrativeWithCardNumber(_ random: inout SeededRandom) -> [UInt8] {
            var payload: [Character] = ["4"]
            for _ in 0..<14 { payload.append(Character(String(random.next(upTo: 10)))) }
            let number = String(payload) + String(CheckCharacterScheme.luhn.checkCharacter(for: payload)!)
            let written: String
            switch random.next(upTo: 3) {
            case 0: written = number
            case 1: written = stride(from: 0, to: 16, by: 4).map { String(Array(number)[$0..<($0 + 4)]) }.joined(separator: " ")
            default: written = stride(from: 0, to: 16, by: 4).map { String(Array(number)[$0..<($0 + 4)]) }.joined(separator: "-")
            }
            return Array(pick(Self.cardNarrativeOpenings, &random)) + Array(written.utf8) + Array(" at the counter".utf8)
        }

        func pick<Element>(_ options: [Element], _ random: inout SeededRandom) -> Element {
            options[Int(random.next(upTo: UInt64(options.count)))]
        }
    }
}
