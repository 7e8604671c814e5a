package io.chatrelay.message.model;

import io.chatrelay.contracts.message.MessageType;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the wire name ({@code text}, {@code image}, …) so the column reads the same as the protocol. */
@Converter
public class MessageTypeConverter implements AttributeConverter<MessageType, String> {

    @Override
    public String convertToDatabaseColumn(MessageType type) {
        return type == null ? null : type.wireName();
    }

    @Override
    public MessageType convertToEntityAttribute(String column) {
        return column == null ? null : MessageType.fromWireName(column).orElseThrow();
    }
}
