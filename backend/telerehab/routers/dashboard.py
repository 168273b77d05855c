"""The doctor's and the patient's start screens."""

from fastapi import APIRouter

router = APIRouter(prefix="/dashboard", tags=["dashboard"])
