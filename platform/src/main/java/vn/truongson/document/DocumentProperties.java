package vn.truongson.document;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code truongson.document}.
 *
 * @param maxUpload the largest PDF a drafter may upload (default 20MB)
 * @param maxEdxml the largest edXML message accepted, base64 attachments included (default 40MB)
 * @param place the place name printed on rendered drafts and sent as PromulgationInfo/Place
 * @param reminders whether the daily overdue-handling reminder runs
 * @param reminderTime its time of day, Vietnam time
 */
@ConfigurationProperties("truongson.document")
public record DocumentProperties(@DefaultValue("20MB") DataSize maxUpload, @DefaultValue("40MB") DataSize maxEdxml,
        @DefaultValue("Hà Nội") String place, @DefaultValue("true") boolean reminders, @DefaultValue("07:30") java.time.LocalTime reminderTime) {}
