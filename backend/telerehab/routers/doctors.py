"""Doctors as their patients (and admins) see them."""

from fastapi import APIRouter

router = APIRouter(prefix="/doctors", tags=["doctors"])
