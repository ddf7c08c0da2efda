import ArgumentParser
import IMSBench
import IMSImport
import IMSInterchange
import Logging

extension BenchCommand {
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Import a legacy file (generated when --file is not given) and print rows/s, the time to build the search indexes, peak memory and what was imported."
        )

        @Option(help: "A legacy CSV to import (default: generate one of --records rows next to the database).")
        var file: String?

        @Option(help: "Rows to generate when no --file is given.")
        var records: Int = 100_000

        @Option(help: "Records per transaction.")
        var chunk = LegacyImporter.Options.defaultChunkRecords

        @Option(help: "The order of the generated file's rows: time, random or fund.")
        var order: LegacyFileGenerator.RowOrder = .random

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (1...100_000_000).contains(records) else { throw ValidationError("--records must be 1 to 100,000,000") }
            guard (1...1_000_000).contains(chunk) else { throw ValidationError("--chunk must be 1 to 1,000,000 records") }
        }

        func run() async throws {
            ProcessMemory.limitAllocatorArenas()
            let options = database.withDefaultDataDirectory
            try await ImportBenchmark(file: file, records: records, chunkRecords: chunk, order: order).run(output: Output.line) { body in
                try await withDatabase(options, logger: makeLogger("ims", level: .warning), body)
            }
        }
    }
}
