import IMSCore
import Testing

/// Runs `body`, expecting it to refuse with an `IMSError` of `code` and `kind`; returns the error so the
/// test can go on to check the reason or field a user would see.
@discardableResult
func expectIMSError<Result>(
    _ code: IMSError.Code, kind: IMSError.Kind = .validation,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Result
) -> IMSError? {
    do {
        let result = try body()
        Issue.record("Expected \(code) but it succeeded with \(result)", sourceLocation: sourceLocation)
        return nil
    } catch let error as IMSError {
        #expect(error.code == code, "reason: \(error.reason)", sourceLocation: sourceLocation)
        #expect(error.kind == kind, sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record(error, "Expected IMSError \(code)", sourceLocation: sourceLocation)
        return nil
    }
}
