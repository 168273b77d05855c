import type { ReactNode } from "react";
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from "react-aria-components";
import { Link, type LinkProps } from "react-router";

export type ButtonVariant = "primary" | "secondary" | "danger" | "danger-solid" | "quiet";
export type ButtonSize = "small" | "normal" | "large";

export function buttonClass(variant: ButtonVariant = "secondary", size: ButtonSize = "normal", extra?: string): string {
  return ["button", `button--${variant}`, size !== "normal" && `button--${size}`, extra].filter(Boolean).join(" ");
}

export interface ButtonProps extends Omit<AriaButtonProps, "className" | "children"> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
  children: ReactNode;
}

/** A button (react-aria: keyboard, touch and screen readers alike). While `isPending` it keeps
 * its place and focus, shows a spinner and ignores further presses. */
export function Button({ variant, size, className, children, isPending, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} isPending={isPending} className={buttonClass(variant, size, className)}>
      {isPending && <span className="spinner" aria-hidden="true" />}
      {children}
    </AriaButton>
  );
}

export interface LinkButtonProps extends Omit<LinkProps, "className"> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
}

/** A link that looks like a button: it goes somewhere rather than doing something. */
export function LinkButton({ variant, size, className, ...props }: LinkButtonProps) {
  return <Link {...props} className={buttonClass(variant, size, className)} />;
}
