import ArgumentParser
import Foundation
import IMSCore
import IMSInterchange
import IMSServices
import IMSStore

struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "The council's account holders (council tax, business rates, sundry debtors) that payments are checked against.",
        subcommands: [Import.self, List.self, Reverse.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load account holders from a CSV file with a header row; the same file again changes nothing.",
            discussion: """
                Columns by default: fund, reference, name, address, postcode, balance (pounds and pence), on_stop (Y/N or a reason).
                Rows that fail (an unknown fund, a reference the fund's formats refuse, no name) are listed with their line and
                left out; the good rows are loaded in one transaction. `ims accounts reverse ID` undoes the latest load.
                """)
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "The fund of every row, for a file with no fund column.") var fund: String?
        @Option(help: "Column names, e.g. reference=AccountNo,name=Name,address=Addr1+Addr2+Addr3,postcode=PostCode,balance=,on_stop=Stop")
        var map: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw Output.fail("cannot read \(file)") }
            let bytes = [UInt8](data)
            let fileName = URL(fileURLWithPath: file).lastPathComponent
            let (fund, map) = (fund, map)
            let outcome: (AccountHolderImport.Outcome, AccountHolderFile.Contents)
            do {
                outcome = try await withDatabase(database, logger: makeLogger("ims")) { store in
                    let fundCode = try fund.map { text throws(IMSError) in try FundCode(parsing: text) }
                    let mapping =
                        try map.map { text throws(IMSError) in try AccountHolderMapping(parsing: text, fund: fundCode) }
                        ?? AccountHolderMapping(fund: fundCode)
                    let loads = AccountHolderImport(store: store)
                    let digest = LedgerHash.sha256Hex(bytes)
                    if let earlier = try await loads.standingLoad(digest: digest) {
                        return (.alreadyLoaded(earlier), AccountHolderFile.Contents(holders: [], rejections: []))
                    }
                    let contents = try AccountHolderFile.read(bytes, mapping: mapping, configuration: try await store.configuration())
                    let result = try await loads.load(
                        fileName: fileName, digest: digest, holders: contents.holders, rejected: contents.rejections.count, by: .commandLine)
                    return (result, contents)
                }
            } catch let error as IMSError {
                throw Output.fail("\(file): \(error.reason); nothing was loaded")
            }
            let (result, contents) = outcome
            switch result {
            case .alreadyLoaded(let earlier):
                Output.line("\(file) was loaded already as load \(earlier.id) at \(earlier.importedAt); nothing was changed.")
            case .loaded(let load):
                for rejection in contents.rejections.prefix(100) { Output.line("line \(rejection.line): \(rejection.reason)") }
                if contents.rejections.count > 100 { Output.line("… and \(contents.rejections.count - 100) more rows refused") }
                Output.line("Load \(load.id): \(load.loaded) accounts loaded, \(load.rejected) rows refused.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the loads of account holders, newest first.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let loads = try await withDatabase(database, logger: makeLogger("ims")) { try await $0.accountImports(limit: 100) }
            if loads.isEmpty { Output.line("No account holders have been loaded.") }
            for load in loads {
                let state = load.reversedAt.map { "reversed \($0)" } ?? "stands"
                Output.line(
                    "\(load.id)  \(load.importedAt)  \(load.fileName)  \(load.loaded) loaded  \(load.rejected) refused  by \(load.importedBy)  \(state)"
                )
            }
        }
    }

    struct Reverse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Undo the latest load of account holders: every account it touched goes back to how it was before.")
        @Argument(help: "The load's number, as `ims accounts list` shows it.") var id: Int64
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let id = id
            do {
                let count = try await withDatabase(database, logger: makeLogger("ims")) { store in
                    try await AccountHolderImport(store: store).reverse(id: id, by: .commandLine)
                }
                Output.line("Load \(id) reversed: \(count) accounts put back as they were.")
            } catch let error as IMSError {
                throw Output.fail(error.reason)
            }
        }
    }
}
