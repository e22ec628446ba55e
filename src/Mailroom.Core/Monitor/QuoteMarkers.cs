namespace Mailroom.Core.Monitor;

/// <summary>
/// The words mail clients use in quote headers, separators and signatures, in the languages we have seen. Kept apart
/// from the scanning code so that a missing translation is a one-line change.
/// </summary>
internal static class QuoteMarkers
{
    /// <summary>First word of an "On &lt;date&gt;, &lt;name&gt; wrote:" line (Gmail, Apple Mail, Thunderbird).</summary>
    public static readonly string[] WroteStarters =
    [
        "On", "Le", "Am", "El", "Den", "Il", "Op", "Em", "W dniu", "Dnia", "Pe", "På", "Dne", "Op", "Em", "Στις",
        "В", "Во", "Ср", "Пн", "Вт", "Чт", "Пт", "Сб", "Вс", "Il giorno", "Am Mo", "Le lun",
    ];

    /// <summary>The verb of an "On ... wrote:" line, each language's form.</summary>
    public static readonly string[] WroteWords =
    [
        "wrote", "writes", "a écrit", "schrieb", "escribió", "escreveu", "skrev", "kirjoitti", "ha scritto", "scrisse",
        "schreef", "пишет", "написал", "написала", "написал(а)", "napisał", "napisała", "napisał(a)", "írta", "napsal",
        "napísal", "yazdı", "έγραψε", "写道", "寫道", "が書きました", "a scris", "rašė", "rakstīja", "kirjutas",
    ];

    /// <summary>The sender key that opens an Outlook-style header block (From:, Von:, De:, ...).</summary>
    public static readonly HashSet<string> FromKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "Von", "De", "Da", "Van", "Fra", "Från", "Od", "Lähettäjä", "От", "Kimden", "Feladó", "发件人", "發件人",
        "寄件者", "差出人", "Expéditeur", "Afzender", "Remetente", "Mittente", "Avsändare", "Afsender", "Nadawca",
        "Absender", "Lähettäjä", "Від", "Remitente",
    };

    /// <summary>The other keys of such a block; one of them must follow the sender key closely.</summary>
    public static readonly HashSet<string> BlockKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Sent", "Date", "To", "Cc", "Subject", "Gesendet", "Datum", "An", "Betreff", "Envoyé", "Date d'envoi", "À",
        "A", "Objet", "Enviado", "Enviada", "Fecha", "Para", "Asunto", "Inviato", "Data", "Oggetto", "Verzonden",
        "Aan", "Onderwerp", "Sendt", "Til", "Emne", "Skickat", "Till", "Ämne", "Lähetetty", "Vastaanottaja", "Aihe",
        "Отправлено", "Дата", "Кому", "Тема", "Wysłano", "Do", "Temat", "Gönderildi", "Tarih", "Kime", "Konu",
        "Assunto", "发送时间", "收件人", "主题", "日付", "宛先", "件名", "Sent at", "Kopie", "Cci", "Bcc",
        "Envoyé le", "Gesendet am",
    };

    /// <summary>The words between the dashes of a separator such as <c>-----Original Message-----</c>.</summary>
    public static readonly string[] SeparatorPhrases =
    [
        "original message", "ursprüngliche nachricht", "originalnachricht", "message d'origine", "message d’origine",
        "mensaje original", "messaggio originale", "oorspronkelijk bericht", "originalmeddelelse", "oprindelig meddelelse",
        "opprinnelig melding", "ursprungligt meddelande", "alkuperäinen viesti", "исходное сообщение",
        "wiadomość oryginalna", "oryginalna wiadomość", "mensagem original", "forwarded message",
        "weitergeleitete nachricht", "message transféré", "mensaje reenviado", "messaggio inoltrato",
        "begin forwarded message", "anfang der weitergeleiteten nachricht", "début du message réexpédié",
        "doorgestuurd bericht", "videresendt meddelelse", "vidarebefordrat meddelande", "original message follows",
        "reply above this line", "please reply above this line",
    ];

    /// <summary>Lines that open a mobile or webmail signature ("Sent from my iPhone").</summary>
    public static readonly string[] DeviceSignatureStarts =
    [
        "sent from my ", "sent from mail for windows", "sent from outlook", "sent from yahoo mail", "sent from samsung",
        "sent with blackberry", "sent via blackberry", "sent from a mobile", "sent from mobile", "sent with sparrow",
        "get outlook for ", "gesendet von meinem ", "gesendet von outlook", "envoyé à partir de ", "obtenir outlook pour ", "gesendet mit ", "von meinem iphone gesendet", "envoyé de mon ",
        "envoyé depuis mon ", "enviado desde mi ", "enviado do meu ", "enviado de meu ", "verstuurd vanaf mijn ",
        "verzonden vanaf mijn ", "inviato da ", "skickat från min ", "sendt fra min ", "lähetetty ", "отправлено с ",
        "wysłane z ", "iphone'umdan gönderildi", "从我的iphone发送", "發自我的 iphone", "发自我的iphone",
    ];

    /// <summary>A closing line that opens a signature block when only a few short lines follow it.</summary>
    public static readonly HashSet<string> Closings = new(StringComparer.OrdinalIgnoreCase)
    {
        "regards", "best regards", "kind regards", "warm regards", "warmest regards", "with regards", "best wishes",
        "sincerely", "yours sincerely", "yours truly", "mit freundlichen grüßen", "mit freundlichen grüssen",
        "freundliche grüße", "viele grüße", "beste grüße", "cordialement", "bien cordialement", "bien à vous",
        "saludos", "un saludo", "saludos cordiales", "atentamente", "cordiali saluti", "distinti saluti",
        "met vriendelijke groet", "met vriendelijke groeten", "med vänliga hälsningar", "vänliga hälsningar",
        "med venlig hilsen", "venlig hilsen", "med vennlig hilsen", "ystävällisin terveisin", "с уважением",
        "pozdrawiam", "z poważaniem", "atenciosamente", "cumprimentos", "saygılarımla",
    };
}
