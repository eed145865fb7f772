using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Scheduling.Core.Persistence;

/// <summary>The constraint violations that mean "someone else got there first": conflicts, not bugs.</summary>
public static class DbExceptions
{
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public static bool IsExclusionViolation(this DbUpdateException exception, out string? constraint)
    {
        constraint = (exception.InnerException as PostgresException)?.ConstraintName;
        return exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation };
    }
}
