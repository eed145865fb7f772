using Scheduling.Core.Alerts;
using Scheduling.Core.Contracts;
using Scheduling.Domain.Alerts;

namespace Scheduling.Web.Api.Contracts.Alerts;

/// <summary>
/// /api/alerts as it comes over the wire (and the alerts page's acknowledge form, which sends the same note): the
/// `state` query and the acknowledgement's `note` read for <see cref="AlertBoard"/>, whose answers are put back
/// into the wire's shape.
/// </summary>
public static class AlertRequests
{
    public static async Task<Outcome<IReadOnlyList<AlertView>>> ListAsync(
        AlertBoard board,
        string? state,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(board);
        var wanted = ReadState(state);
        return wanted.Kind == OutcomeKind.Ok
            ? (await board.ListAsync(wanted.Value, cancellationToken)).Select(AlertView.From).ToList()
            : Outcome<IReadOnlyList<AlertView>>.Invalid(wanted.Errors);
    }

    public static async Task<Outcome<AlertView>> AcknowledgeAsync(
        AlertBoard board,
        Guid id,
        AcknowledgeInput? input,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(board);
        var note = ReadNote(input);
        return note.Kind == OutcomeKind.Ok
            ? await board.AcknowledgeAsync(id, note.Value, cancellationToken).ToWire(AlertView.From)
            : Outcome<AlertView>.Invalid(note.Errors);
    }

    /// <summary>`state`: open or acknowledged, in any case; without it (null), every alert.</summary>
    public static Outcome<AlertState?> ReadState(string? state)
    {
        if (state is null)
        {
            return Outcome<AlertState?>.Ok(null);
        }

        return Enum.TryParse<AlertState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? Outcome<AlertState?>.Ok(parsed)
            : Outcome<AlertState?>.Invalid("state", "Expected open or acknowledged.");
    }

    /// <summary>The note as kept: trimmed, null when blank; longer than its column is an error on `note`.</summary>
    public static Outcome<string?> ReadNote(AcknowledgeInput? input)
    {
        if (input?.Note is { Length: > AlertBoard.NoteLength })
        {
            return Outcome<string?>.Invalid("note", "At most 2000 characters.");
        }

        return Outcome<string?>.Ok(string.IsNullOrWhiteSpace(input?.Note) ? null : input.Note.Trim());
    }
}
