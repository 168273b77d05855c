"""Appointments between doctors and patients."""

from fastapi import APIRouter

router = APIRouter(prefix="/schedules", tags=["schedules"])
