using System.ComponentModel.DataAnnotations;

namespace Scheduling.Core.Messaging.Content;

/// <summary>
/// Words that may never appear in an SMS or an email subject, because lock screens and shared phones
/// show them: drug names and diagnoses. Configuration replaces the list (Messaging:Content:ForbiddenWords).
/// </summary>
public sealed class ContentOptions
{
    public const string Section = "Messaging:Content";

    [MinLength(1)]
    public List<string> ForbiddenWords { get; set; } =
    [
        "ketamine",
        "esketamine",
        "spravato",
        "ketalar",
        "ketamin",
        "depression",
        "depressive",
        "depressed",
        "anxiety",
        "anxious",
        "ptsd",
        "post-traumatic",
        "posttraumatic",
        "trauma",
        "suicide",
        "suicidal",
        "self-harm",
        "psychiatric",
        "psychiatry",
        "mental health",
        "bipolar",
        "antidepressant",
        "phq-9",
        "phq9",
        "gad-7",
        "gad7",
        "pcl-5",
        "pcl5",
    ];
}
