import IMSCore

extension LegacyFileGenerator {
    /// One run of the generator: the random source, the recent payments that refunds and duplicates refer
    /// to, the output and the tally. Rows are written straight to the byte buffer, never built as strings.
    struct Generation: ~Copyable {
        private struct RecentPayment {
            var receipt: [UInt8]
            var fund: Int
            var account: [UInt8]
            var pence: Int64
            var channel: Int
            /// Where the row goes when the file is reordered (`RowOrder`).
            var orderKey: UInt64
        }

        private let options: Options
        private var random: SeededRandom
        private var writer: CSVByteWriter
        private(set) var summary = LegacyFileSummary()
        private var content: Content
        /// The most recent good payments, for refunds and duplicates to refer to.
        private var recent: [RecentPayment] = []
        private static let recentLimit = 4_096
        private var nextReceiptNumber = 1
        private let badPerMillion: UInt64
        private let refundPerMillion: UInt64
        private let multiLinePerMillion: UInt64
        /// Draws the shuffle's keys, apart from `random` so that every order writes the same rows.
        private var orderRandom: SeededRandom
        /// Each row's place in the file as asked for (`options.order`), unless that is time order.
        private(set) var placements: [RowPlacement] = []
        private var rowIndex = 0

        init(options: Options, writer: consuming CSVByteWriter) {
            self.options = options
            self.writer = writer
            random = SeededRandom(seed: options.seed)
            content = Content(funds: options.funds)
            badPerMillion = Self.perMillion(options.badRowRate)
            refundPerMillion = Self.perMillion(options.refundRate)
            multiLinePerMillion = Self.perMillion(options.multiLineNarrativeRate)
            orderRandom = SeededRandom(seed: options.seed ^ 0x5EED_0F_0DE5)
        }

        private static func perMillion(_ rate: Double) -> UInt64 { UInt64((min(max(rate, 0), 1) * 1_000_000).rounded()) }

        mutating func run() throws(InterchangeError) {
            for (index, column) in LegacyFileGenerator.header.enumerated() {
                if index > 0 { writer.comma() }
                writer.raw(Array(column.rawValue.utf8))
            }
            writer.endRecord()
            let end = UKLocalTime.dateTime(of: options.endingAt)
            let lastDay = UKLocalTime.daysFromCivil(year: end.year, month: end.month, day: end.day)
            let days = max(options.days, 1)
            let firstDay = lastDay - days + 1
            var currentDay = Int.min
            var dateText: [UInt8] = []
            for row in 0..<options.records {
                let day = firstDay + Int(Int64(row) * Int64(days) / Int64(max(options.records, 1)))
                if day != currentDay {
                    currentDay = day
                    dateText = Self.dateText(day: day)
                }
                let before = writer.count
                let key = writeRow(dateText: dateText)
                let length = writer.count - before
                if options.order != .time {
                    placements.append(RowPlacement(key: key, offset: Int64(headerBytes + summary.bytes), length: Int32(length)))
                }
                summary.bytes += length
                rowIndex += 1
                try writer.flushIfFull()
            }
            try writer.flush()
            summary.bytes += headerBytes
        }

        /// The header line with its CRLF.
        private var headerBytes: Int { LegacyFileGenerator.header.map { $0.rawValue.utf8.count + 1 }.reduce(1, +) }

        /// The row's key in the order asked for; a repeat of a receipt reference always sorts after the row it
        /// repeats, so that the first occurrence in the file is still the good row in every order.
        private mutating func orderKey(fund: Int, repeating original: RecentPayment?) -> UInt64 {
            let own: UInt64 =
                switch options.order {
                case .time: UInt64(rowIndex)
                case .random: orderRandom.next()
                case .fund: UInt64(fund) << 40 | UInt64(rowIndex)
                }
            guard let original else { return own }
            return max(own, original.orderKey == .max ? .max : original.orderKey + 1)
        }

        /// `dd/MM/yyyy ` of a day, the time follows.
        private static func dateText(day: Int) -> [UInt8] {
            let (year, month, dayOfMonth) = UKLocalTime.civilFromDays(day)
            func digits(_ value: Int, _ width: Int) -> [UInt8] {
                let text = Array(String(value).utf8)
                return [UInt8](repeating: UInt8(ascii: "0"), count: max(0, width - text.count)) + text
            }
            return digits(dayOfMonth, 2) + [UInt8(ascii: "/")] + digits(month, 2) + [UInt8(ascii: "/")] + digits(year, 4) + [UInt8(ascii: " ")]
        }

        private mutating func chance(_ perMillion: UInt64) -> Bool {
            perMillion > 0 && random.next(upTo: 1_000_000) < perMillion
        }

        /// Whether the next row has a fault, and which; otherwise whether it refunds a recent payment.
        private mutating func chooseFaultOrRefund() -> (fault: LegacyBadRowKind?, refunded: RecentPayment?) {
            if chance(badPerMillion) {
                let fault = LegacyBadRowKind.allCases[Int(random.next(upTo: UInt64(LegacyBadRowKind.allCases.count)))]
                if fault != .duplicateReceiptReference || !recent.isEmpty { return (fault, nil) }
            }
            guard !recent.isEmpty, chance(refundPerMillion) else { return (nil, nil) }
            let index = Int(random.next(upTo: UInt64(recent.count)))
            recent.swapAt(index, recent.count - 1)
            return (nil, recent.removeLast())
        }

        /// Writes one row; returns its order key.
        private mutating func writeRow(dateText: [UInt8]) -> UInt64 {
            let (fault, refunded) = chooseFaultOrRefund()
            let fund = refunded?.fund ?? content.pickFund(&random)
            let account = refunded?.account ?? content.accountReference(fund: fund, &random)
            var pence = content.amountPence(fund: fund, &random)
            if let refunded { pence = random.next(upTo: 2) == 0 ? -refunded.pence : -min(pence, refunded.pence) }
            let channel = refunded?.channel ?? content.pickChannel(&random)
            let receipt = content.receiptReference(number: nextReceiptNumber, channel: channel)
            nextReceiptNumber += 1

            // receipt_reference
            var repeated: RecentPayment?
            switch fault {
            case .missingReceiptReference: break
            case .duplicateReceiptReference:
                repeated = recent[Int(random.next(upTo: UInt64(recent.count)))]
                writer.field(repeated?.receipt ?? [])
            default: writer.field(receipt)
            }
            let key = orderKey(fund: fund, repeating: repeated)
            // transaction_date: 06:00 to 23:59, never in an hour the clocks skip or repeat.
            writer.comma()
            if fault == .unparseableDate {
                writer.field(content.pick(Content.badDates, &random))
            } else {
                writer.raw(dateText)
                let second = 6 * 3_600 + Int(random.next(upTo: 18 * 3_600))
                writer.number(second / 3_600, width: 2)
                writer.raw(UInt8(ascii: ":"))
                writer.number(second / 60 % 60, width: 2)
                writer.raw(UInt8(ascii: ":"))
                writer.number(second % 60, width: 2)
            }
            writer.comma()
            writer.field(fault == .unknownFund ? content.pick(Content.unknownFunds, &random) : content.fundCodes[fund])
            writer.comma()
            writer.field(account)
            writer.comma()
            switch fault {
            case .unparseableAmount: writer.field(content.pick(Content.badAmounts, &random))
            case .fractionOfPenny:
                writer.amount(pence: pence)
                writer.number(1 + Int(random.next(upTo: 9)))
            default: writer.amount(pence: pence)
            }
            writer.comma()
            writer.raw(content.vatCodes[fund])
            writer.comma()
            writer.amount(pence: content.vat(fund: fund, grossPence: pence))
            writer.comma()
            writeDetails(fund: fund, channel: channel, fault: fault, refunded: refunded)
            tally(
                fault: fault, refunded: refunded,
                payment: RecentPayment(receipt: receipt, fund: fund, account: account, pence: pence, channel: channel, orderKey: key))
            return key
        }

        /// Counts the row, and keeps a good payment for later refunds and duplicates to refer to.
        private mutating func tally(fault: LegacyBadRowKind?, refunded: RecentPayment?, payment: RecentPayment) {
            summary.records += 1
            summary.physicalLines += 1
            if let fault {
                summary.badRecords[fault, default: 0] += 1
                return
            }
            summary.goodRecords += 1
            summary.goodAmountTotal += Money(pence: payment.pence)
            if refunded != nil {
                summary.refunds += 1
            } else if recent.count == Self.recentLimit {
                recent[Int(random.next(upTo: UInt64(recent.count)))] = payment
            } else {
                recent.append(payment)
            }
        }

        /// The columns from method of payment to the original receipt reference.
        private mutating func writeDetails(fund: Int, channel: Int, fault: LegacyBadRowKind?, refunded: RecentPayment?) {
            let channelInfo = Content.channels[channel]
            writer.raw(channelInfo.method)
            writer.comma()
            if fault == .cardNumberInNarrative {
                writer.field(content.narrativeWithCardNumber(&random))
            } else if let refunded {
                writer.field(Array("Refund of ".utf8) + refunded.receipt)
            } else if chance(multiLinePerMillion) {
                let narrative = content.pick(Content.multiLineNarratives, &random)
                writer.field(narrative)
                let lineFeeds = narrative.lazy.filter { $0 == UInt8(ascii: "\n") }.count
                summary.physicalLines += lineFeeds
                summary.multiLineRecords += 1
            } else {
                writer.field(content.pick(content.narratives[fund], &random))
            }
            writer.comma()
            writer.field(content.pick(Content.forenames, &random))
            writer.raw(UInt8(ascii: " "))
            writer.raw(content.pick(Content.surnames, &random))
            writer.comma()
            content.writeAddress(&writer, &random)
            writer.comma()
            content.writePostcode(&writer, &random)
            writer.comma()
            writer.raw(channelInfo.office)
            writer.comma()
            writer.raw(channelInfo.users.isEmpty ? [] : content.pick(channelInfo.users, &random))
            writer.comma()
            if channelInfo.isCard {
                content.writePSPReference(&writer, &random)
                writer.comma()
                writer.number(Int(random.next(upTo: 10_000)), width: 4)
            } else {
                writer.comma()
            }
            writer.comma()
            if let refunded { writer.field(refunded.receipt) }
            writer.endRecord()
        }
    }
}
