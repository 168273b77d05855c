"""Doctors' clinical notes on their patients (never shown to patients)."""

from fastapi import APIRouter

router = APIRouter(tags=["patient-notes"])
