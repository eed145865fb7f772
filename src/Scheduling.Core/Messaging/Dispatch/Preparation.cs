using Scheduling.Domain.Protocols;

namespace Scheduling.Core.Messaging.Dispatch;

/// <summary>
/// The generic preparation instructions an email may carry (docs/domain.md, "Preparation"): the clinic's
/// numbers, never a drug's name. A clinic that works differently replaces the whole email template.
/// </summary>
internal static class Preparation
{
    public static string For(Medication medication) =>
        medication switch
        {
            Medication.KetamineIv =>
                "Before your visit: no solid food for 6 hours; clear liquids are fine until 2 hours before. "
                    + "Someone must take you home, and you must not drive for 24 hours afterwards.",
            Medication.EsketamineNasal => "Before your visit: no food for 2 hours and no liquids for 30 minutes. "
                + "Someone must take you home, and you must not drive until after a night's sleep.",
            _ => "Please follow the preparation instructions your clinic gave you, and arrange a ride home.",
        };
}
