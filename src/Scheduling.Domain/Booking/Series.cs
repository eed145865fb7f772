using NodaTime;

namespace Scheduling.Domain.Booking;

/// <summary>A patient's course of sessions booked from one protocol template.</summary>
public sealed class Series
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PatientId { get; init; }
    public Guid ClinicId { get; init; }
    public Guid TemplateId { get; init; }
    public required string TemplateCode { get; init; }
    public SeriesState State { get; set; }
    public Instant CreatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public Instant? CancelledAt { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>The template's relapse watch when the series was booked: surveys follow what was booked.</summary>
    public int RelapseWatchMonths { get; init; }

    /// <summary>The clinic had PCL-5 turned on for this template when the series was booked.</summary>
    public bool WithPcl5 { get; init; }
    public List<Appointment> Appointments { get; init; } = [];
}

public enum SeriesState
{
    Active,
    Completed,
    Cancelled,
}
