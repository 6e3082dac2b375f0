package dev.tandem.web;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Request bodies are read strictly, in JSON and in YAML alike: an unknown field, a duplicate key, a
 * null for a number, a value of the wrong type or trailing content is an error with its position,
 * never silently dropped or guessed.
 */
@Configuration(proxyBeanMethods = false)
class JacksonSettings {

  static <B extends MapperBuilder<?, ?>> B strict(B builder) {
    builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    // Types are not guessed: "22" is not a port, 123 is not a name, true is not "true".
    builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    builder.withCoercionConfig(LogicalType.Textual, text -> text
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    builder.withCoercionConfig(LogicalType.Integer, number -> number
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    return builder;
  }

  @Bean
  JsonMapperBuilderCustomizer strictJson() {
    return JacksonSettings::strict;
  }

  /** application/yaml in and out, with the same strictness and a plain block style. */
  @Bean
  ServerHttpMessageConvertersCustomizer yamlConverter() {
    YAMLMapper yaml = strict(YAMLMapper.builder())
        .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
        .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
        .build();
    return builder -> builder.withYamlConverter(new JacksonYamlHttpMessageConverter(yaml));
  }
}
