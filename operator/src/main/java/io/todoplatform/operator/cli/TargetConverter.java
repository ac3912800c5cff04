package io.todoplatform.operator.cli;

import io.todoplatform.operator.render.RenderTarget;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts the lower-case target names users type. */
class TargetConverter implements ITypeConverter<RenderTarget> {
  @Override
  public RenderTarget convert(String value) {
    try {
      return RenderTarget.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException("expected kubernetes or selfhosted, got '" + value + "'");
    }
  }
}
