import ArgumentParser
import Foundation
import IMSCore
import IMSInterchange
import IMSServices
import IMSStore

extension CouncilCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the whole council configuration as TOML: details, VAT codes, funds, methods, offices, fund groups, system messages.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let configuration = try await withDatabase(database, logger: makeLogger("ims")) { try await $0.configuration() }
            FileHandle.standardOutput.write(Data(CouncilFile.write(configuration).utf8))
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a council configuration file and apply it in one transaction: items are added or changed, items left out are retired.",
            discussion: "A file with any error changes nothing; the error names the line and key. docs/council-example.toml is an example.")
        @Argument(help: "The TOML file (as `ims council export` writes), or - for standard input.") var file: String
        @Flag(name: .customLong("dry-run"), help: "Print what would change (add, change, retire per item) and change nothing.") var dryRun = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let text: String
            do {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
                guard let decoded = String(data: data, encoding: .utf8) else { throw Output.fail("\(file) is not UTF-8 text") }
                text = decoded
            } catch let error as ExitCode {
                throw error
            } catch {
                throw Output.fail("cannot read \(file): \(error.localizedDescription)")
            }
            let configuration: CouncilConfiguration
            do {
                configuration = try CouncilFile.read(text)
            } catch {
                throw Output.fail("\(file), \(error); nothing was changed")
            }
            let dryRun = dryRun
            let changes: [ConfigurationChange]
            do {
                changes = try await withDatabase(database, logger: makeLogger("ims")) { store in
                    try await CouncilSetup(store: store).apply(configuration, by: .commandLine, dryRun: dryRun)
                }
            } catch let error as IMSError where error.code == .configurationInvalid {
                throw Output.fail("\(file) is not a consistent configuration; nothing was changed:\n\(error.reason)")
            }
            for change in changes { Output.line(change.description) }
            let summary = changes.isEmpty ? "no changes" : "\(changes.count) change\(changes.count == 1 ? "" : "s")"
            Output.line(dryRun ? "Dry run: \(summary); nothing was saved." : "Applied: \(summary).")
        }
    }
}
