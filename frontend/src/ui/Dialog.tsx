import type { ReactNode } from "react";
import { Dialog as AriaDialog, Heading, Modal as AriaModal, ModalOverlay } from "react-aria-components";

import { Button } from "./Button";
import { ErrorMessage } from "./Feedback";

interface ModalProps {
  isOpen: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  wide?: boolean;
  /** "alertdialog" for confirmations. Neither closes on a click outside (a stray click must not
   * throw away what was typed); Escape and the Cancel button do. */
  role?: "dialog" | "alertdialog";
}

/** A modal dialog: focus moves in and stays in, Escape closes it, focus returns after. */
export function Modal({ isOpen, onClose, title, children, wide, role = "dialog" }: ModalProps) {
  return (
    <ModalOverlay
      className="modal-overlay"
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      isDismissable={false}
    >
      <AriaModal className={wide ? "modal modal--wide" : "modal"}>
        <AriaDialog className="dialog" role={role}>
          <Heading slot="title">{title}</Heading>
          {children}
        </AriaDialog>
      </AriaModal>
    </ModalOverlay>
  );
}

interface ConfirmDialogProps {
  isOpen: boolean;
  onClose: () => void;
  onConfirm: () => void;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  isPending?: boolean;
  error?: unknown;
  tone?: "danger" | "primary";
}

/** "Are you sure?" for what cannot be undone, saying exactly what will happen. */
export function ConfirmDialog({
  isOpen,
  onClose,
  onConfirm,
  title,
  children,
  confirmLabel,
  cancelLabel = "Keep it",
  isPending,
  error,
  tone = "danger",
}: ConfirmDialogProps) {
  return (
    <Modal isOpen={isOpen} onClose={onClose} title={title} role="alertdialog">
      <div>{children}</div>
      {Boolean(error) && <ErrorMessage error={error} />}
      <div className="form-actions">
        <Button onPress={onClose} isDisabled={isPending}>
          {cancelLabel}
        </Button>
        <Button
          variant={tone === "danger" ? "danger-solid" : "primary"}
          onPress={onConfirm}
          isPending={isPending}
          autoFocus
        >
          {confirmLabel}
        </Button>
      </div>
    </Modal>
  );
}
